import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import { readInstanceConfigs } from '@mlops-portal/plugin-mlops-node';
import { MlflowInstanceConfig } from '../MlflowApi';

/**
 * The MLflow major version assumed when `majorVersion` is not configured.
 *
 * @public
 */
export const DEFAULT_MLFLOW_MAJOR_VERSION = 3;

/**
 * Reads and validates `mlflow.instances` (shared keys plus `majorVersion`); throws
 * `InputError` naming the exact key path. An empty list when MLflow is not configured.
 *
 * @public
 */
export function readMlflowInstanceConfigs(
  config: Config,
): MlflowInstanceConfig[] {
  return readInstanceConfigs(config, MLFLOW_SYSTEM, {
    readExtra: (instanceConfig, keyPath) => ({
      majorVersion: readMajorVersion(instanceConfig, `${keyPath}.majorVersion`),
    }),
  });
}

function readMajorVersion(config: Config, keyPath: string): 2 | 3 {
  const value = config.getOptional('majorVersion');
  if (value === undefined) {
    return DEFAULT_MLFLOW_MAJOR_VERSION;
  }
  // Env substitution (`majorVersion: ${MLFLOW_MAJOR_VERSION}`) yields a string.
  if (value === 2 || value === '2') {
    return 2;
  }
  if (value === 3 || value === '3') {
    return 3;
  }
  throw new InputError(
    `${keyPath} must be 2 or 3, got ${JSON.stringify(value)}`,
  );
}
