import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  KubeflowInstanceConfig,
  KubeflowPipeline,
  kubeflowPipelineLocator,
} from '@mlops-portal/plugin-kubeflow-node';
import { AuthorityResolution } from '@mlops-portal/plugin-mlops-node';
import { mockAuthority } from '@mlops-portal/plugin-mlops-node/testUtils';

/**
 * What the Kubeflow backend's authority check finds for a pipeline in a catalog holding these
 * entities: the same locator and the same kit code the backend runs before every write.
 */
export function resolveAuthority(
  entities: Entity[],
  instances: readonly KubeflowInstanceConfig[],
  instance: string,
  pipeline: Pick<KubeflowPipeline, 'displayName' | 'pipelineId'>,
): Promise<AuthorityResolution> {
  return mockAuthority({
    auth: mockServices.auth(),
    permissions: mockServices.permissions(),
    entities,
  }).resolve(kubeflowPipelineLocator(instances, instance, pipeline));
}
