import { mockUpstreamInstanceConfig } from '@mlops-portal/plugin-mlops-node/testUtils';
import type { KubeflowInstanceConfig } from '@mlops-portal/plugin-kubeflow-node';

/**
 * A Kubeflow Pipelines instance config for tests: page size 100, no auth, no retries, no cache,
 * single-user.
 *
 * @public
 */
export function kubeflowInstanceConfig(
  overrides: Partial<KubeflowInstanceConfig> = {},
): KubeflowInstanceConfig {
  return mockUpstreamInstanceConfig<Pick<KubeflowInstanceConfig, 'pageSize'>>({
    pageSize: 100,
    ...overrides,
  });
}
