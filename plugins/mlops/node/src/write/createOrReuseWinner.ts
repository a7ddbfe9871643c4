import { isError } from '@backstage/errors';

/**
 * Runs `create`; when it loses a race with a concurrent create of the same object
 * (`ConflictError`), the winner's object is found and answered instead. The error stands if the
 * winner cannot be found either.
 *
 * @remarks
 * For idempotent writes that look first and create when nothing is there: between the look and
 * the create, someone else may create it.
 *
 * @public
 */
export async function createOrReuseWinner<T>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!isError(error) || error.name !== 'ConflictError') {
      throw error;
    }
    const winner = await find();
    if (winner === undefined) {
      throw error;
    }
    return winner;
  }
}
