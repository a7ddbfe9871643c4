import { SandboxHttpError } from '../http/errors';

/** MLflow error codes the sandbox emits, with the HTTP status MLflow maps them to. */
const HTTP_STATUS = {
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  BAD_REQUEST: 400,
  INTERNAL_ERROR: 500,
} as const;

/** An MLflow error code. */
export type MlflowErrorCode = keyof typeof HTTP_STATUS;

/** `{error_code, message}` with MLflow's HTTP status. */
export function mlflowError(
  code: MlflowErrorCode,
  message: string,
): SandboxHttpError {
  return new SandboxHttpError({
    status: HTTP_STATUS[code],
    json: { error_code: code, message },
  });
}

/** INVALID_PARAMETER_VALUE (400). */
export function invalidParameter(message: string): SandboxHttpError {
  return mlflowError('INVALID_PARAMETER_VALUE', message);
}
