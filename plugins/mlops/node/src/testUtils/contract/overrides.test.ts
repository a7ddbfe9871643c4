import { InputError } from '@backstage/errors';
import fc from 'fast-check';
import {
  arbitraryFromSchema,
  type ArbitraryFromSchemaOptions,
  type JsonSchema,
} from './index';

const SEED = 20261202;

function samples(schema: JsonSchema, options: ArbitraryFromSchemaOptions) {
  return fc.sample(arbitraryFromSchema(schema, options), {
    numRuns: 200,
    seed: SEED,
  });
}

const has = (value: unknown, key: string) =>
  Object.prototype.hasOwnProperty.call(value, key);

describe('arbitraryFromSchema overrides', () => {
  const page = {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            status: { enum: ['A', 'B'] },
          },
        },
      },
      next_page_token: { type: 'string' },
    },
    additionalProperties: false,
  };

  it('make a property absent, present, or drawn from a given arbitrary', () => {
    const absent = samples(page, {
      overrides: { '/next_page_token': 'absent' },
    });
    expect(absent.some(v => has(v, 'next_page_token'))).toBe(false);
    const fixed = samples(page, {
      overrides: {
        '/next_page_token': fc.constant('page-2'),
        '/items': 'present',
      },
    });
    expect(
      fixed.every(
        v => (v as Record<string, unknown>).next_page_token === 'page-2',
      ),
    ).toBe(true);
    expect(
      fixed.every(v => Array.isArray((v as Record<string, unknown>).items)),
    ).toBe(true);
  });

  it("reach every array item through '*', and can empty arrays", () => {
    const values = samples(page, {
      overrides: { '/items/*/status': fc.constant('B') },
    }) as Array<{ items?: Array<Record<string, unknown>> }>;
    const items = values.flatMap(v => v.items ?? []);
    expect(items.length).toBeGreaterThan(50);
    expect(items.every(item => item.status === 'B')).toBe(true);
    const empty = samples(page, {
      overrides: { '/items/*': 'absent' },
    }) as Array<{ items?: unknown[] }>;
    expect(empty.every(v => (v.items ?? []).length === 0)).toBe(true);
  });

  it('refuse pointers that match nothing, so a typo does not pass silently', () => {
    expect(() =>
      arbitraryFromSchema(page, {
        overrides: { '/next_page_tokn': 'absent' },
      }),
    ).toThrow(InputError);
    expect(() =>
      arbitraryFromSchema(page, { overrides: { '/items/0/id': 'absent' } }),
    ).toThrow(/use '\*' for array items/);
    expect(() =>
      arbitraryFromSchema(page, { overrides: { next_page_token: 'absent' } }),
    ).toThrow(/JSON Pointer/);
    expect(() =>
      arbitraryFromSchema(page, {
        overrides: { '/next_page_token': 'gone' as never },
      }),
    ).toThrow(/'absent', 'present'/);
  });

  it('cannot make a required property absent', () => {
    expect(() =>
      arbitraryFromSchema(
        {
          type: 'object',
          properties: { id: { type: 'string' } },
          required: ['id'],
        },
        { overrides: { '/id': 'absent' } },
      ),
    ).toThrow(/required property 'id'/);
  });
});
