import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  getUpstreamErrorDetails,
  readCommonErrorBody,
  UpstreamErrorBody,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The MLflow `error_code` of a failed upstream call, e.g. 'RESOURCE_ALREADY_EXISTS'.
 *
 * @public
 */
export function getMlflowErrorCode(error: unknown): string | undefined {
  return getUpstreamErrorDetails(error)?.code;
}

/**
 * Reads MLflow's error body, `{ error_code, message }`; other bodies (a proxy's page) as the
 * shared layer reads them.
 */
export function describeMlflowErrorBody(body: string): UpstreamErrorBody {
  try {
    const parsed = JSON.parse(body);
    if (typeof parsed?.error_code === 'string') {
      return {
        code: parsed.error_code,
        message:
          typeof parsed.message === 'string' ? parsed.message : undefined,
      };
    }
  } catch {
    // not JSON: read below
  }
  return readCommonErrorBody(body);
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

/** The same error as another class, keeping message and upstream details. */
export function reclass(
  error: Error,
  ErrorClass: new (message: string) => Error,
): Error {
  const mapped = new ErrorClass(error.message);
  const upstream = (error as { upstream?: unknown }).upstream;
  return upstream === undefined ? mapped : Object.assign(mapped, { upstream });
}
