import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import {
  readCatalogConfig,
  UpstreamCatalogConfig,
} from '@mlops-portal/plugin-mlops-node';
import { validateTagKey } from '../names';

/**
 * The registered-model tag that names the owner unless `mlflow.catalog.ownerTag` says otherwise.
 *
 * @public
 */
export const DEFAULT_OWNER_TAG = 'owner';

/**
 * `mlflow.catalog`, validated and with defaults filled in.
 *
 * @public
 */
export interface MlflowCatalogConfig extends UpstreamCatalogConfig {
  /** The registered-model tag whose value names the owner. */
  ownerTag: string;
  /** Whether MLflow 3 prompts are ingested as well. */
  includePrompts: boolean;
}

/**
 * Reads `mlflow.catalog` (the kit's keys plus `ownerTag` and `includePrompts`); throws
 * `InputError` naming the key path.
 *
 * @public
 */
export function readMlflowCatalogConfig(config: Config): MlflowCatalogConfig {
  const includePrompts = config.getOptional('mlflow.catalog.includePrompts');
  if (
    includePrompts !== undefined &&
    ![true, false, 'true', 'false'].includes(includePrompts as never)
  ) {
    throw new InputError(
      `mlflow.catalog.includePrompts must be true or false, got ${JSON.stringify(
        includePrompts,
      )}`,
    );
  }
  return {
    ...readCatalogConfig(config, MLFLOW_SYSTEM),
    ownerTag: readMlflowOwnerTag(config),
    includePrompts: includePrompts === true || includePrompts === 'true',
  };
}

/**
 * The registered-model tag that carries the owner: `mlflow.catalog.ownerTag`, `owner` when it is
 * not configured. The catalog provider reads the owner from it and the scaffolder writes it, so
 * both read it here. A key MLflow would refuse fails at startup.
 *
 * @public
 */
export function readMlflowOwnerTag(config: Config): string {
  const keyPath = 'mlflow.catalog.ownerTag';
  const value = config.getOptionalString(keyPath);
  if (value === undefined) {
    return DEFAULT_OWNER_TAG;
  }
  if (value !== value.trim()) {
    throw new InputError(
      `${keyPath} must not start or end with whitespace, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  try {
    return validateTagKey(value);
  } catch (error) {
    throw new InputError(`${keyPath}: ${(error as Error).message}`);
  }
}
