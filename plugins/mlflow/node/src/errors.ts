import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';

/**
 * The MLflow `error_code` of a failed upstream call, e.g. 'RESOURCE_ALREADY_EXISTS'.
 *
 * @remarks
 * The shared HTTP layer quotes the upstream body as `<error_code>: <message>` right after the
 * status in its message and does not keep the body, so the code is read from there.
 *
 * @public
 */
export function getMlflowErrorCode(error: unknown): string | undefined {
  const details = getUpstreamErrorDetails(error);
  if (details?.kind !== 'http') {
    return undefined;
  }
  const match = /\bfailed with \d{3}[^:]*: ([A-Z][A-Z0-9_]+):/.exec(
    (error as Error).message,
  );
  return match?.[1];
}

/**
 * Re-classes an upstream error by MLflow's error code where the HTTP status alone misleads:
 * MLflow answers 400 for RESOURCE_ALREADY_EXISTS (→ ConflictError, so callers can tell "already
 * exists" apart) and may answer RESOURCE_DOES_NOT_EXIST with other statuses (→ NotFoundError).
 * The message and the attached upstream details are kept.
 */
export function mapMlflowError(error: unknown): unknown {
  const code = getMlflowErrorCode(error);
  if (code === 'RESOURCE_ALREADY_EXISTS' && !(error instanceof ConflictError)) {
    return reclass(error as Error, ConflictError);
  }
  if (code === 'RESOURCE_DOES_NOT_EXIST' && !(error instanceof NotFoundError)) {
    return reclass(error as Error, NotFoundError);
  }
  return error;
}

/**
 * MLflow's stores answer `GET registered-models/alias` for an unknown alias with 400
 * INVALID_PARAMETER_VALUE "Registered model alias x not found."; to callers that is a NotFoundError.
 */
export function mapAliasNotFound(error: unknown): unknown {
  if (
    error instanceof InputError &&
    getMlflowErrorCode(error) === 'INVALID_PARAMETER_VALUE' &&
    /\balias\b.*\bnot found\b/i.test(error.message)
  ) {
    return reclass(error, NotFoundError);
  }
  return error;
}

/** A 2xx answer whose body is not what the MLflow contract promises. */
export function invalidResponse(
  instance: string,
  operation: string,
  problem: string,
): Error {
  return new ServiceUnavailableError(
    `mlflow instance '${instance}': ${operation} returned an unexpected body: ${problem}`,
  );
}

function reclass(
  error: Error,
  ErrorClass: new (message: string, cause?: Error) => Error,
): Error {
  const mapped = new ErrorClass(error.message);
  const upstream = (error as { upstream?: unknown }).upstream;
  return upstream === undefined ? mapped : Object.assign(mapped, { upstream });
}
