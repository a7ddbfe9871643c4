import { InputError } from '@backstage/errors';
import { schemaValidator } from '@mlops-portal/contract-testing';
import fc from 'fast-check';
import {
  arbitraryFromSchema,
  type ArbitraryFromSchemaOptions,
  type JsonSchema,
} from './index';

const SEED = 20261202;

function samples(
  schema: JsonSchema,
  options?: ArbitraryFromSchemaOptions,
  numRuns = 200,
): unknown[] {
  return fc.sample(arbitraryFromSchema(schema, options), {
    numRuns,
    seed: SEED,
  });
}

/** fc.assert that every draw validates; throws the shrunk counterexample and its violations. */
function assertAllValid(
  schema: Exclude<JsonSchema, boolean>,
  options?: ArbitraryFromSchemaOptions,
): void {
  const validate = schemaValidator(schema);
  fc.assert(
    fc.property(arbitraryFromSchema(schema, options), value => {
      expect(validate(value).errors).toEqual([]);
    }),
    { numRuns: 150 },
  );
}

function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null) {
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  }
  return 0;
}

const has = (value: unknown, key: string) =>
  Object.prototype.hasOwnProperty.call(value, key);

describe('arbitraryFromSchema', () => {
  describe('draws only values the schema allows', () => {
    const cases: Array<[string, Exclude<JsonSchema, boolean>]> = [
      ['type arrays', { type: ['string', 'integer', 'null'] }],
      ['OpenAPI 3.0 nullable', { type: 'boolean', nullable: true }],
      [
        'enum and const',
        {
          type: 'object',
          properties: { a: { enum: ['x', 1, null] }, b: { const: 'fixed' } },
        },
      ],
      [
        'a proto double',
        { type: ['number', 'string'], pattern: '^(NaN|-?Infinity)$' },
      ],
      ['patterns', { type: 'string', pattern: '^[\\w.-]+$' }],
      [
        'pattern with a length cap',
        { type: 'string', pattern: '^#[a-fA-F0-9]{3,6}$', maxLength: 5 },
      ],
      ['lengths', { type: 'string', minLength: 2, maxLength: 4 }],
      [
        'formats',
        {
          type: 'object',
          properties: Object.fromEntries(
            [
              'date-time',
              'date',
              'time',
              'duration',
              'uuid',
              'byte',
              'int64',
              'password',
            ].map(f => [f, { type: 'string', format: f }]),
          ),
        },
      ],
      [
        'integer formats and bounds',
        {
          type: 'array',
          items: {
            anyOf: [
              { type: 'integer', format: 'int32' },
              { type: 'integer', minimum: 1, exclusiveMaximum: 10 },
              { type: 'number', exclusiveMinimum: 0, maximum: 1 },
            ],
          },
        },
      ],
      ['maps', { type: 'object', additionalProperties: { type: 'integer' } }],
      [
        'closed objects with a map beside',
        {
          type: 'object',
          properties: {
            tags: { type: 'object', additionalProperties: { type: 'string' } },
          },
          additionalProperties: false,
        },
      ],
      [
        'allOf merging (an Airflow v1 collection)',
        {
          allOf: [
            { $ref: '#/definitions/Collection' },
            {
              type: 'object',
              properties: { total_entries: { type: 'integer', minimum: 0 } },
              required: ['total_entries'],
            },
          ],
          definitions: {
            Collection: {
              type: 'object',
              properties: {
                dags: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      ],
      [
        'allOf of closed objects',
        {
          allOf: [
            {
              type: 'object',
              properties: { a: { type: 'string' }, b: {} },
              additionalProperties: false,
            },
            {
              type: 'object',
              properties: { b: { type: 'integer' }, c: { type: 'string' } },
            },
          ],
        },
      ],
      [
        'anyOf with null (Airflow v2 nullable refs)',
        {
          type: 'object',
          properties: {
            note: { anyOf: [{ $ref: '#/definitions/Note' }, { type: 'null' }] },
          },
          definitions: {
            Note: {
              type: 'object',
              properties: { text: { type: 'string' } },
              required: ['text'],
              additionalProperties: false,
            },
          },
        },
      ],
      [
        'oneOf with disjoint branches',
        {
          oneOf: [
            {
              type: 'object',
              properties: { kind: { const: 'a' } },
              required: ['kind'],
            },
            {
              type: 'object',
              properties: { kind: { const: 'b' } },
              required: ['kind'],
            },
          ],
        },
      ],
      [
        'proto oneof exclusions',
        {
          type: 'object',
          properties: {
            s: { type: 'string' },
            i: { type: 'integer' },
            b: { type: 'boolean' },
          },
          additionalProperties: false,
          allOf: [
            { not: { required: ['s', 'i'] } },
            { not: { required: ['s', 'b'] } },
            { not: { required: ['i', 'b'] } },
          ],
        },
      ],
      [
        'tuples (2020-12 prefixItems as draft-07 items)',
        {
          type: 'array',
          minItems: 2,
          maxItems: 2,
          items: [{ type: 'string' }, { type: 'integer' }],
        },
      ],
      [
        'unique items',
        { type: 'array', uniqueItems: true, items: { type: 'boolean' } },
      ],
      [
        'untyped values',
        { type: 'object', properties: { any: {}, spec: { type: 'object' } } },
      ],
      [
        'recursive refs',
        {
          $ref: '#/definitions/Node',
          definitions: {
            Node: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                children: {
                  type: 'array',
                  items: { $ref: '#/definitions/Node' },
                },
              },
              additionalProperties: false,
            },
          },
        },
      ],
    ];
    it.each(cases)('%s', (_name, schema) => {
      expect(() => assertAllValid(schema)).not.toThrow();
    });
  });

  it('draws each optional property present in some values and absent in others; required ones always', () => {
    const values = samples({
      type: 'object',
      properties: {
        id: { type: 'string' },
        a: { type: 'integer' },
        b: { type: 'string' },
        c: { type: 'boolean' },
      },
      required: ['id'],
    }) as Array<Record<string, unknown>>;
    expect(values.every(v => typeof v.id === 'string')).toBe(true);
    for (const key of ['a', 'b', 'c']) {
      const present = values.filter(v => has(v, key)).length;
      expect(present).toBeGreaterThan(20);
      expect(present).toBeLessThan(180);
    }
  });

  it('lets each member of a proto oneof appear, never two at once', () => {
    const values = samples({
      type: 'object',
      properties: {
        s: { type: 'string' },
        i: { type: 'integer' },
        b: { type: 'boolean' },
      },
      allOf: [
        { not: { required: ['s', 'i'] } },
        { not: { required: ['s', 'b'] } },
        { not: { required: ['i', 'b'] } },
      ],
    }) as object[];
    for (const key of ['s', 'i', 'b']) {
      expect(values.filter(v => has(v, key)).length).toBeGreaterThan(10);
    }
    expect(
      values.every(v => ['s', 'i', 'b'].filter(k => has(v, k)).length <= 1),
    ).toBe(true);
  });

  it('draws map keys a naive object-as-map breaks on, as own data properties of plain objects', () => {
    const values = samples({
      type: 'object',
      additionalProperties: { type: 'string' },
    }) as object[];
    const keys = new Set(values.flatMap(v => Object.keys(v)));
    for (const awkward of ['__proto__', 'constructor', ''])
      expect(keys).toContain(awkward);
    expect(keys.size).toBeGreaterThan(50);
    expect(
      values.every(v => Object.getPrototypeOf(v) === Object.prototype),
    ).toBe(true);
    const withProto = values.find(v => has(v, '__proto__')) as Record<
      string,
      unknown
    >;
    expect(
      typeof Object.getOwnPropertyDescriptor(withProto, '__proto__')?.value,
    ).toBe('string');
  });

  it('keeps declared properties named like prototype members as data', () => {
    // Parsed, as a contract file would be: an object literal would turn __proto__ into a prototype.
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"integer"}},"required":["__proto__","constructor"],"additionalProperties":false}',
    );
    const values = samples(schema) as object[];
    for (const v of values) {
      expect(Object.keys(v).sort()).toEqual(['__proto__', 'constructor']);
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    }
  });

  it('sometimes adds undeclared properties to open objects, unless told not to', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const undeclared = (vs: unknown[]) =>
      vs.filter(v => Object.keys(v as object).some(k => k !== 'a')).length;
    expect(undeclared(samples(schema))).toBeGreaterThan(10);
    expect(undeclared(samples(schema, { extraProperties: false }))).toBe(0);
  });

  it('bounds arrays and recursion', () => {
    const tree = {
      $ref: '#/definitions/Node',
      definitions: {
        Node: {
          type: 'object',
          properties: {
            children: { type: 'array', items: { $ref: '#/definitions/Node' } },
          },
        },
      },
    };
    const values = samples(tree, {
      maxDepth: 4,
      maxArrayLength: 2,
      extraProperties: false,
    });
    // Containers at depth 0..3 are full; those at depth 4 (the fifth level) are empty.
    expect(Math.max(...values.map(depthOf))).toBe(5);
    const lengths = (v: unknown): number[] => {
      const children = (v as { children?: unknown[] }).children ?? [];
      return [children.length, ...children.flatMap(lengths)];
    };
    expect(Math.max(...values.flatMap(lengths))).toBe(2);
  });

  it('still draws required properties past maxDepth, and fails clearly when they recurse forever', () => {
    const values = samples(
      {
        type: 'object',
        properties: {
          a: {
            type: 'object',
            properties: { b: { type: 'string' } },
            required: ['b'],
          },
        },
        required: ['a'],
      },
      { maxDepth: 0 },
    );
    expect(
      values.every(v => typeof (v as { a: { b: unknown } }).a.b === 'string'),
    ).toBe(true);
    expect(() =>
      arbitraryFromSchema({
        $ref: '#/definitions/Loop',
        definitions: {
          Loop: {
            type: 'object',
            properties: { next: { $ref: '#/definitions/Loop' } },
            required: ['next'],
          },
        },
      }),
    ).toThrow(/nest without end/);
  });

  describe('refuses what it cannot honour, naming it', () => {
    it.each([
      [
        { type: 'object', patternProperties: { '^x': {} } },
        /keyword 'patternProperties'/,
      ],
      [{ type: 'string', format: 'email' }, /format 'email' is unknown/],
      [{ not: { type: 'string' } }, /'not' is supported only as/],
      [{ $ref: 'other.json#/definitions/X' }, /only local refs/],
      [{ $ref: '#/definitions/Missing' }, /nothing is there/],
      [
        { allOf: [{ type: 'string' }, { type: 'integer' }] },
        /no value satisfies it/,
      ],
    ] as Array<[JsonSchema, RegExp]>)('%j', (schema, message) => {
      expect(() => arbitraryFromSchema(schema)).toThrow(InputError);
      expect(() => arbitraryFromSchema(schema)).toThrow(message);
    });

    it('takes arbitraries for formats it does not know', () => {
      const values = samples(
        { type: 'string', format: 'email' },
        { formats: { email: fc.constant('a@example.com') } },
        10,
      );
      expect(new Set(values)).toEqual(new Set(['a@example.com']));
    });
  });
});
