import { ResponseError } from '@backstage/errors';

/**
 * The message to show a user for a failed call: for a Backstage backend error (a
 * `ResponseError`), what the backend said rather than `Request failed with 403 Forbidden`.
 *
 * @public
 */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause?.message || error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
