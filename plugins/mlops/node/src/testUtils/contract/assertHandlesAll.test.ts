import { InputError } from '@backstage/errors';
import fc from 'fast-check';
import { assertHandlesAll } from './index';

const isInputError = (error: unknown) => error instanceof InputError;

describe('assertHandlesAll', () => {
  it('passes when every call resolves or rejects with an accepted error', async () => {
    const seen: unknown[] = [];
    await assertHandlesAll(
      fc.integer(),
      async n => {
        seen.push(n);
        if (n < 0) throw new InputError('negative');
        return n;
      },
      { acceptError: isInputError, numRuns: 50 },
    );
    expect(seen).toHaveLength(50);
  });

  it('fails on an error the caller does not accept, showing the body and the error', async () => {
    const parse = async (body: unknown) =>
      (body as { items: unknown[] }).items.length;
    await expect(
      assertHandlesAll(fc.constantFrom({ items: [] }, null), parse, {
        acceptError: isInputError,
        numRuns: 20,
      }),
    ).rejects.toThrow(
      /Counterexample: \[null\][\s\S]*failed ungracefully with TypeError/,
    );
  });

  it('fails when checkResult throws', async () => {
    await expect(
      assertHandlesAll(fc.nat(), async n => ({ status: n % 2 ? 500 : 200 }), {
        acceptError: () => false,
        checkResult: res => expect(res.status).toBeLessThan(500),
        numRuns: 20,
      }),
    ).rejects.toThrow(/Counterexample: \[\d*[13579]\][\s\S]*toBeLessThan/);
  });

  it('passes run parameters through to fast-check', async () => {
    const run = async (seed: number) => {
      const seen: number[] = [];
      await assertHandlesAll(fc.integer(), async n => seen.push(n), {
        acceptError: () => false,
        numRuns: 5,
        parameters: { seed },
      });
      return seen;
    };
    expect(await run(7)).toEqual(await run(7));
  });
});
