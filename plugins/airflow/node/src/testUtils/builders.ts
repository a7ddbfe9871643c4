import { mockUpstreamInstanceConfig } from '@mlops-portal/plugin-mlops-node/testUtils';
import type { AirflowInstanceConfig } from '@mlops-portal/plugin-airflow-node';

/**
 * An Airflow instance config for tests: API v2, page size 100, no auth, no retries, no cache.
 *
 * @public
 */
export function airflowInstanceConfig(
  overrides: Partial<AirflowInstanceConfig> = {},
): AirflowInstanceConfig {
  return mockUpstreamInstanceConfig<
    Pick<AirflowInstanceConfig, 'apiVersion' | 'pageSize'>
  >({
    apiVersion: 'v2',
    pageSize: 100,
    ...overrides,
  });
}
