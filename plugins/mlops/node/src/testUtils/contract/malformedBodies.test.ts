import { InputError } from '@backstage/errors';
import { schemaValidator } from '@mlops-portal/contract-testing';
import fc from 'fast-check';
import { arbitraryFromSchema, malformedBodies, type JsonSchema } from './index';

const SEED = 20261202;

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    note: { type: ['string', 'null'] },
    value: { type: ['number', 'string'], pattern: '^(NaN|-?Infinity)$' },
    anything: {},
    status: { enum: ['READY', 'FAILED'] },
    tags: {
      type: 'array',
      items: {
        anyOf: [{ $ref: '#/definitions/Tag' }, { type: 'string' }],
      },
    },
    params: { type: 'object', additionalProperties: { type: 'integer' } },
  },
  required: ['name'],
  additionalProperties: false,
  definitions: {
    Tag: {
      type: 'object',
      properties: { key: { type: 'string' }, value: { type: 'string' } },
      additionalProperties: false,
    },
  },
};

function draws(arbitrary: fc.Arbitrary<unknown>, numRuns = 300): unknown[] {
  return fc.sample(arbitrary, { numRuns, seed: SEED });
}

describe('malformedBodies', () => {
  it('given the schema, draws only bodies it refuses', () => {
    const validate = schemaValidator(schema);
    const valid = arbitraryFromSchema(schema);
    fc.assert(
      fc.property(malformedBodies(valid, { schema }), body => {
        expect(validate(body).valid).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('draws non-objects, including no body at all', () => {
    const bodies = draws(malformedBodies());
    for (const expected of [undefined, null, '', 0, true, []]) {
      expect(bodies).toContainEqual(expected);
    }
    expect(
      bodies.some(
        b => typeof b === 'object' && b !== null && !Array.isArray(b),
      ),
    ).toBe(false);
  });

  it('confuses the type of one field, at any depth', () => {
    const valid = arbitraryFromSchema(schema, {
      overrides: {
        '/tags': 'present',
        '/tags/*': fc.constant({ key: 'k', value: 'v' }),
      },
    });
    const bodies = draws(malformedBodies(valid, { schema })).filter(
      (b): b is Record<string, unknown> =>
        typeof b === 'object' && b !== null && !Array.isArray(b),
    );
    expect(bodies.length).toBeGreaterThan(50);
    const nested = bodies.filter(
      b =>
        Array.isArray(b.tags) &&
        b.tags.some(
          t =>
            typeof t === 'object' &&
            t !== null &&
            typeof (t as { key: unknown }).key !== 'string',
        ),
    );
    expect(nested.length).toBeGreaterThan(0);
    expect(bodies.some(b => typeof b.name !== 'string')).toBe(true);
  });

  it('never swaps in a type the schema allows at that place', () => {
    const valid = fc.constant({ name: 'n', note: 'x', anything: 1 });
    const objects = draws(malformedBodies(valid, { schema })).filter(
      (b): b is Record<string, unknown> =>
        typeof b === 'object' && b !== null && !Array.isArray(b),
    );
    expect(objects.length).toBeGreaterThan(50);
    // An untyped field cannot be confused; a nullable string only with neither string nor null.
    expect(objects.filter(b => b.anything !== 1)).toEqual([]);
    expect(
      objects.filter(
        b => b.note !== 'x' && (b.note === null || typeof b.note === 'string'),
      ),
    ).toEqual([]);
    expect(
      objects.filter(b => b.name !== 'n' && typeof b.name === 'string'),
    ).toEqual([]);
    expect(objects.some(b => b.note !== 'x')).toBe(true);
  });

  it('without a schema, replaces a field with a value of a different JSON type', () => {
    const valid = fc.constant({ a: 'text', b: [1] });
    const changedFields = draws(malformedBodies(valid))
      .filter(
        (body): body is { a: unknown; b: unknown } =>
          typeof body === 'object' && body !== null && !Array.isArray(body),
      )
      .map(
        ({ a, b }) =>
          [
            typeof a !== 'string',
            !Array.isArray(b) || typeof b[0] !== 'number',
          ].filter(Boolean).length,
      );
    expect(changedFields.length).toBeGreaterThan(50);
    expect(new Set(changedFields)).toEqual(new Set([1]));
  });

  it('refuses a schema that allows any body', () => {
    expect(() =>
      malformedBodies(undefined, { schema: {} as JsonSchema }),
    ).toThrow(InputError);
  });
});
