import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  MlflowCatalogConfig,
  readMlflowCatalogConfig,
} from '@mlops-portal/plugin-mlflow-node';

/**
 * The MLflow entity provider's settings: `mlflow.catalog`, with a default owner.
 *
 * @internal
 */
export interface MlflowProviderConfig extends MlflowCatalogConfig {
  /** Full entity ref owning models without a valid owner tag. */
  defaultOwner: string;
}

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
  const catalog = readMlflowCatalogConfig(config);
  const { defaultOwner } = catalog;
  if (!defaultOwner) {
    throw new InputError(
      'mlflow.catalog.defaultOwner is required by the MLflow catalog module: it owns the ' +
        "registered models whose owner tag is missing or invalid, e.g. 'group:default/ml-platform'",
    );
  }
  return {
    ...catalog,
    defaultOwner,
    // Each replica would otherwise read the whole registry on the same schedule.
    schedule: { ...catalog.schedule, scope: 'global' },
  };
}
