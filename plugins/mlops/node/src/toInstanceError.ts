import { isError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
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

/**
 * Options of {@link readOrInstanceError}.
 *
 * @public
 */
export interface ReadOrInstanceErrorOptions<T> {
  /** The system's display name for the log, e.g. `MLflow`. */
  system: string;
  /** The instance read, for errors that do not say. */
  instance: string;
  /** Where the warning goes. */
  logger: LoggerService;
  /** What else the warning names, e.g. the entity ref. */
  logMeta?: Record<string, string>;
  /** The read. */
  read: () => Promise<T>;
  /** The answer carrying the instance's error instead. */
  empty: (errors: InstanceError[]) => T;
}

/**
 * Runs a read of one instance and answers it; when the instance is at fault (see
 * {@link toInstanceError}) answers `empty` with the error as data instead, and logs a warning
 * naming the instance. Any other failure is rethrown.
 *
 * @public
 */
export async function readOrInstanceError<T>(
  options: ReadOrInstanceErrorOptions<T>,
): Promise<T> {
  try {
    return await options.read();
  } catch (error) {
    const instanceError = toInstanceError(error, options.instance);
    if (!instanceError) {
      throw error;
    }
    options.logger.warn(
      `${options.system} instance failed; answering with the error`,
      {
        ...options.logMeta,
        instance: instanceError.instance,
        ...(instanceError.status !== undefined && {
          status: instanceError.status,
        }),
        error: instanceError.message,
      },
    );
    return options.empty([instanceError]);
  }
}
