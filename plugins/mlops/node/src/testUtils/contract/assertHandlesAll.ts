import fc from 'fast-check';

/**
 * What {@link assertHandlesAll} accepts as handling a body well.
 *
 * @public
 */
export interface AssertHandlesAllOptions<TBody, TResult> {
  /** True for errors that are a graceful refusal (e.g. a typed upstream error), false for a crash. */
  acceptError: (error: unknown, body: TBody) => boolean;
  /** Checks what the call returned, throwing to fail (e.g. when a route answered 500). */
  checkResult?: (result: TResult, body: TBody) => void | Promise<void>;
  /** Bodies to try. Defaults to 100. */
  numRuns?: number;
  /** Any other fast-check run parameters (seed, path, verbose...). */
  parameters?: Omit<fc.Parameters<[TBody]>, 'numRuns'>;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${typeof error} (${String(error)})`;
}

/**
 * Property test: for every body drawn, `call(body)` either resolves (and passes `checkResult`) or
 * rejects with an error `acceptError` accepts; fast-check shrinks any failure to a minimal body.
 *
 * @public
 */
export async function assertHandlesAll<TBody, TResult>(
  bodies: fc.Arbitrary<TBody>,
  call: (body: TBody) => Promise<TResult>,
  options: AssertHandlesAllOptions<TBody, TResult>,
): Promise<void> {
  const { acceptError, checkResult, numRuns = 100, parameters } = options;
  await fc.assert(
    fc.asyncProperty(bodies, async body => {
      let result: TResult;
      try {
        result = await call(body);
      } catch (error) {
        if (acceptError(error, body)) return;
        throw new Error(
          `The call failed ungracefully with ${describeError(error)}`,
          { cause: error },
        );
      }
      await checkResult?.(result, body);
    }),
    // The report then names the error next to the counterexample, not only in its cause.
    { includeErrorInReport: true, ...parameters, numRuns },
  );
}
