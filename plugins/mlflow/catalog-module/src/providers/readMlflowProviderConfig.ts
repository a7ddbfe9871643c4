import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  NameFilters,
  readCatalogConfig,
} from '@mlops-portal/plugin-mlops-node';

/** The model tag that names the owner when `mlflow.catalog.ownerTag` is not configured. */
export const DEFAULT_OWNER_TAG = 'owner';

/** MLflow's limit on tag keys; a longer `ownerTag` could never match. */
const MAX_TAG_KEY_LENGTH = 250;

/**
 * The MLflow entity provider's settings (`mlflow.catalog`), validated and with defaults filled in.
 *
 * @public
 */
export interface MlflowProviderConfig {
  /** When each instance is read; always run in global scope (one replica at a time). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Full entity ref owning models without a valid owner tag. */
  defaultOwner: string;
  /** The registered-model tag naming the owner. */
  ownerTag: string;
  /** Which registered models to ingest, by name. */
  filters: NameFilters;
}

/**
 * Reads `mlflow.catalog` for the entity provider; throws `InputError` naming the key path.
 *
 * @remarks
 * `defaultOwner` is required here (it is optional for the other MLflow packages): a Resource
 * must have an owner, and silently dropping the models nobody tagged would hide them.
 *
 * @public
 */
export function readMlflowProviderConfig(config: Config): MlflowProviderConfig {
  const { schedule, defaultOwner, filters } = readCatalogConfig(
    config,
    'mlflow',
  );
  if (!defaultOwner) {
    throw new InputError(
      'mlflow.catalog.defaultOwner is required by the MLflow catalog module: it owns the ' +
        "registered models whose owner tag is missing or invalid, e.g. 'group:default/ml-platform'",
    );
  }
  return {
    // Each replica would otherwise read the whole registry on the same schedule.
    schedule: { ...schedule, scope: 'global' },
    defaultOwner,
    ownerTag: readOwnerTag(config),
    filters,
  };
}

function readOwnerTag(config: Config): string {
  const keyPath = 'mlflow.catalog.ownerTag';
  const value = config.getOptionalString(keyPath);
  if (value === undefined) {
    return DEFAULT_OWNER_TAG;
  }
  if (value.trim() === '' || value !== value.trim()) {
    throw new InputError(
      `${keyPath} must be a tag key without surrounding spaces, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  if (value.length > MAX_TAG_KEY_LENGTH) {
    throw new InputError(
      `${keyPath} must be at most ${MAX_TAG_KEY_LENGTH} characters (MLflow's limit on tag keys)`,
    );
  }
  return value;
}
