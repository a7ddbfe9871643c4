import { ServiceUnavailableError } from '@backstage/errors';
import { toInstanceError } from '@mlops-portal/plugin-mlops-node';

/**
 * A failed upstream call of a route that has no `errors` to carry it: a 503 naming the instance
 * when the instance is at fault, the error itself otherwise (an unknown object stays a 404, a
 * refused input a 400).
 *
 * @remarks
 * The kit's write pipeline does the same for the change itself; this is for the reads before it.
 * The instance refusing the portal's own credentials (401/403) must not look like the caller
 * lacking permission.
 *
 * @internal
 */
export function asInstanceFailure(error: unknown, instance: string): unknown {
  const instanceError = toInstanceError(error, instance);
  if (!instanceError || (error as Error).name === 'ServiceUnavailableError') {
    return error;
  }
  return Object.assign(new ServiceUnavailableError(instanceError.message), {
    upstream: (error as { upstream?: unknown }).upstream,
  });
}
