import { Config } from '@backstage/config';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import {
  MlflowCatalogConfig,
  readMlflowCatalogConfig,
} from '@mlops-portal/plugin-mlflow-node';
import {
  ProviderCatalogConfig,
  toProviderCatalogConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The MLflow entity provider's settings: `mlflow.catalog`, with a default owner.
 *
 * @internal
 */
export type MlflowProviderConfig = ProviderCatalogConfig<MlflowCatalogConfig>;

/**
 * Reads `mlflow.catalog` for the entity provider; throws `InputError` naming the key path.
 *
 * @remarks
 * `defaultOwner` is required here (it is optional for the other MLflow packages): a Resource
 * must have an owner, and silently dropping the models nobody tagged would hide them.
 *
 * @internal
 */
export function readMlflowProviderConfig(config: Config): MlflowProviderConfig {
  return toProviderCatalogConfig(readMlflowCatalogConfig(config), {
    system: MLFLOW_SYSTEM,
    owns: 'the registered models whose owner tag is missing or invalid',
  });
}
