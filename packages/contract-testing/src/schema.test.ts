import { coerceScalar, effectiveType, normalizeSchema } from './schema';

describe('normalizeSchema', () => {
  const oas30 = { flavour: 'openapi-3.0', direction: 'response' } as const;

  it('turns nullable into a null type (and a null enum member)', () => {
    expect(
      normalizeSchema({ type: 'string', enum: ['a'], nullable: true }, oas30),
    ).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(
      normalizeSchema({ allOf: [{ $ref: '#/x' }], nullable: true }, oas30),
    ).toEqual({
      anyOf: [{ allOf: [{ $ref: '#/x' }] }, { type: 'null' }],
    });
  });

  it('drops $ref siblings before OpenAPI 3.1 and keeps them in 3.1', () => {
    const schema = {
      type: 'object',
      $ref: '#/definitions/A',
      description: 'x',
    };
    expect(
      normalizeSchema(schema, {
        flavour: 'swagger-2.0',
        direction: 'response',
      }),
    ).toEqual({ $ref: '#/definitions/A' });
    expect(
      normalizeSchema(
        { $ref: '#/c/A', nullable: true },
        { flavour: 'openapi-3.1', direction: 'response' },
      ),
    ).toEqual({
      anyOf: [{ $ref: '#/c/A' }, { type: 'null' }],
    });
  });

  it('rewrites refs and recurses into properties, items and combinators', () => {
    const out = normalizeSchema(
      {
        properties: {
          a: { items: { $ref: '#/components/schemas/B', nullable: true } },
        },
        oneOf: [{ $ref: '#/components/schemas/C' }],
      },
      {
        ...oas30,
        rewriteRef: ref =>
          ref.replace('#/components/schemas/', 'doc#/definitions/'),
      },
    );
    expect(out).toEqual({
      properties: {
        a: {
          items: { anyOf: [{ $ref: 'doc#/definitions/B' }, { type: 'null' }] },
        },
      },
      oneOf: [{ $ref: 'doc#/definitions/C' }],
    });
  });

  it('does not require readOnly properties in requests nor writeOnly ones in responses', () => {
    const schema = {
      type: 'object',
      required: ['id', 'name', 'password'],
      properties: {
        id: { type: 'string', readOnly: true },
        name: { type: 'string' },
        password: { type: 'string', writeOnly: true },
      },
    };
    expect(
      normalizeSchema(schema, { flavour: 'openapi-3.0', direction: 'request' }),
    ).toMatchObject({ required: ['name', 'password'] });
    expect(
      normalizeSchema(schema, {
        flavour: 'openapi-3.0',
        direction: 'response',
      }),
    ).toMatchObject({ required: ['id', 'name'] });
  });

  it('converts draft-4 boolean exclusive bounds and drops OpenAPI-only keywords', () => {
    expect(
      normalizeSchema(
        {
          type: 'integer',
          minimum: 0,
          exclusiveMinimum: true,
          example: 3,
          discriminator: { propertyName: 't' },
        },
        oas30,
      ),
    ).toEqual({ type: 'integer', exclusiveMinimum: 0 });
  });
});

describe('effectiveType and coerceScalar', () => {
  const defs: Record<string, unknown> = {
    '#/S': { type: 'string', enum: ['a'] },
  };

  it('follows refs and skips null alternatives', () => {
    expect(
      effectiveType(
        { anyOf: [{ $ref: '#/S' }, { type: 'null' }] },
        r => defs[r],
      ),
    ).toEqual({ type: 'string' });
    expect(
      effectiveType(
        { type: ['null', 'array'], items: { type: 'integer' } },
        r => defs[r],
      ),
    ).toEqual({
      type: 'array',
      items: { type: 'integer' },
    });
  });

  it('parses numbers and booleans and leaves anything else for the validator to reject', () => {
    expect(coerceScalar('10', 'integer')).toBe(10);
    expect(coerceScalar('-1.5e3', 'number')).toBe(-1500);
    expect(coerceScalar('ten', 'integer')).toBe('ten');
    expect(coerceScalar('', 'integer')).toBe('');
    expect(coerceScalar('true', 'boolean')).toBe(true);
    expect(coerceScalar('True', 'boolean')).toBe('True');
    expect(coerceScalar('10', 'string')).toBe('10');
  });
});
