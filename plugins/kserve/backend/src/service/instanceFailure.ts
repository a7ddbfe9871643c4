import { ServiceUnavailableError } from '@backstage/errors';
import { toInstanceError } from '@mlops-portal/plugin-mlops-node';

/**
 * A failed cluster call of a route that has no `error` to carry it (the reads before a write): a
 * 503 naming the cluster when the cluster is at fault, the error itself otherwise (an unknown
 * InferenceService stays a 404, a refused input a 400).
 *
 * @remarks
 * The kit's write pipeline does the same for the change itself; this is for the read before it.
 * The cluster refusing the portal's own service account (401/403) must not look like the caller
 * lacking permission.
 *
 * @internal
 */
export function asInstanceFailure(error: unknown, cluster: string): unknown {
  const instanceError = toInstanceError(error, cluster);
  if (!instanceError || (error as Error).name === 'ServiceUnavailableError') {
    return error;
  }
  return Object.assign(new ServiceUnavailableError(instanceError.message), {
    upstream: (error as { upstream?: unknown }).upstream,
  });
}
