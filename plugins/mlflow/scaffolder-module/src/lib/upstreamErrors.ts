import { isError } from '@backstage/errors';

/** Whether an MLflow client error says the object is absent (RESOURCE_DOES_NOT_EXIST). */
export function isNotFoundError(error: unknown): boolean {
  return isError(error) && error.name === 'NotFoundError';
}

/**
 * Whether an MLflow client error says the object already exists. MLflow answers a duplicate
 * create with `400 RESOURCE_ALREADY_EXISTS`, which the shared HTTP layer maps to InputError
 * (quoting the error code); a client may also map it to ConflictError.
 */
export function isAlreadyExistsError(error: unknown): boolean {
  if (!isError(error)) {
    return false;
  }
  return (
    error.name === 'ConflictError' ||
    (error.name === 'InputError' &&
      error.message.includes('RESOURCE_ALREADY_EXISTS'))
  );
}
