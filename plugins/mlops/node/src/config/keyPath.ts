import { InputError } from '@backstage/errors';

/**
 * A config problem found at startup; the message starts with the full key path,
 * e.g. `mlflow.instances[1].baseUrl is required`.
 *
 * @internal
 */
export function configError(keyPath: string, problem: string): InputError {
  return new InputError(`${keyPath} ${problem}`);
}
