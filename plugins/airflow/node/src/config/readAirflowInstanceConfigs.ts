import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import { readInstanceConfigs } from '@mlops-portal/plugin-mlops-node';
import { AirflowInstanceConfig } from '../AirflowApi';

/**
 * The page size of list requests when `pageSize` is not configured: Airflow's default
 * `[api] maximum_page_limit`.
 *
 * @public
 */
export const DEFAULT_AIRFLOW_PAGE_SIZE = 100;

const MAX_PAGE_SIZE = 10_000;

/**
 * Reads and validates `airflow.instances` (shared keys plus `apiVersion` and `pageSize`);
 * throws `InputError` naming the exact key path. An empty list when Airflow is not configured.
 *
 * @public
 */
export function readAirflowInstanceConfigs(
  config: Config,
): AirflowInstanceConfig[] {
  return readInstanceConfigs(config, AIRFLOW_SYSTEM, {
    readExtra: (instanceConfig, keyPath) => ({
      apiVersion: readApiVersion(instanceConfig, `${keyPath}.apiVersion`),
      pageSize: readPageSize(instanceConfig, `${keyPath}.pageSize`),
    }),
  });
}

function readApiVersion(
  config: Config,
  keyPath: string,
): AirflowInstanceConfig['apiVersion'] {
  const value = config.getOptional('apiVersion');
  if (value === undefined) {
    return 'auto';
  }
  if (value === 'v1' || value === 'v2' || value === 'auto') {
    return value;
  }
  throw new InputError(
    `${keyPath} must be 'v1', 'v2' or 'auto', got ${JSON.stringify(value)}`,
  );
}

function readPageSize(config: Config, keyPath: string): number {
  const value = config.getOptional('pageSize');
  if (value === undefined) {
    return DEFAULT_AIRFLOW_PAGE_SIZE;
  }
  // Env substitution yields a string.
  const size = typeof value === 'string' ? Number(value) : value;
  if (
    typeof size !== 'number' ||
    !Number.isInteger(size) ||
    size < 1 ||
    size > MAX_PAGE_SIZE
  ) {
    throw new InputError(
      `${keyPath} must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return size;
}
