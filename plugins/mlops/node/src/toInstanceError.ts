import { isError } from '@backstage/errors';
import { InstanceError } from '@mlops-portal/plugin-mlops-common';
import { getUpstreamErrorDetails } from './http/errors';

/**
 * Turns a failed upstream call into data when the instance is at fault, so the page shows it
 * next to what did load; returns undefined when the caller is at fault and the error must be
 * rethrown (an unknown object → 404, a bad filter or page token → 400).
 *
 * @remarks
 * The instance is at fault for timeouts, network errors, 429, 5xx, 401/403 (it refused the
 * portal's own credentials: a configuration problem no portal user can fix) and answers that
 * are not what its API promises (ServiceUnavailableError without upstream details, as system
 * clients throw for an unexpected body). Anything else, including errors that did not come from
 * the instance at all, is rethrown.
 *
 * @param instance - the instance the call went to, for errors that do not say
 * @public
 */
export function toInstanceError(
  error: unknown,
  instance: string,
): InstanceError | undefined {
  if (!isError(error)) {
    return undefined;
  }
  const details = getUpstreamErrorDetails(error);
  if (!details) {
    return error.name === 'ServiceUnavailableError'
      ? { instance, message: error.message }
      : undefined;
  }
  const { status } = details;
  const instanceAtFault =
    details.kind !== 'http' ||
    status === undefined ||
    status === 401 ||
    status === 403 ||
    status === 429 ||
    status >= 500;
  if (!instanceAtFault) {
    return undefined;
  }
  return {
    instance: details.instance,
    ...(status !== undefined && { status }),
    ...(details.code && { code: details.code }),
    message: error.message,
  };
}
