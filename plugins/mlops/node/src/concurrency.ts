import pLimit from 'p-limit';

/**
 * Maps `items` with at most `limit` calls of `fn` in flight, keeping the order; rejects with the
 * first failure, and starts no call after it.
 *
 * @public
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const run = pLimit(Math.max(1, limit));
  let failed = false;
  return Promise.all(
    items.map(item =>
      run(async () => {
        if (failed) {
          // Settles nothing the caller sees: Promise.all has already rejected.
          return undefined as R;
        }
        try {
          return await fn(item);
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    ),
  );
}
