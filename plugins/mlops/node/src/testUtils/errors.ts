import type { UpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import { createUpstreamError } from '../http/errors';

/**
 * An error exactly as `UpstreamHttpClient` throws it for an HTTP status, with its upstream
 * details attached (class from the status, message naming system and instance).
 *
 * @public
 */
export function mockUpstreamError(
  details: Pick<UpstreamErrorDetails, 'system' | 'instance'> &
    Partial<Pick<UpstreamErrorDetails, 'method' | 'path' | 'attempts'>> & {
      /** The HTTP status; a network failure when absent. */
      status?: number;
      /** The upstream's error code, e.g. `RESOURCE_DOES_NOT_EXIST`. */
      code?: string;
      /** The upstream's message. */
      message?: string;
    },
): Error {
  const request = {
    system: details.system,
    instance: details.instance,
    method: details.method ?? 'GET',
    path: details.path ?? '/',
    attempts: details.attempts ?? 1,
  };
  if (details.status === undefined) {
    return createUpstreamError(request, {
      kind: 'network',
      reason: details.message ?? 'connect ECONNREFUSED',
    });
  }
  return createUpstreamError(request, {
    kind: 'http',
    status: details.status,
    statusText: '',
    body: JSON.stringify({ code: details.code, message: details.message }),
    described: { code: details.code, message: details.message },
  });
}
