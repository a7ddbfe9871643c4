import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { validateTagKey } from './validation';

/**
 * The registered model tag that carries the owner unless `mlflow.catalog.ownerTag` says otherwise.
 *
 * @public
 */
export const DEFAULT_OWNER_TAG = 'owner';

const KEY_PATH = 'mlflow.catalog.ownerTag';

/**
 * The registered model tag that carries the owner: `mlflow.catalog.ownerTag` (read by the
 * catalog provider, so the two agree), `owner` when it is not configured. A key MLflow would
 * refuse fails at startup.
 */
export function readOwnerTag(config: Config): string {
  const value = config.getOptionalString(KEY_PATH);
  if (value === undefined) {
    return DEFAULT_OWNER_TAG;
  }
  try {
    return validateTagKey(value);
  } catch (error) {
    throw new InputError(`${KEY_PATH} is not a valid MLflow tag key`, error);
  }
}
