import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AirflowInstanceConfig,
  airflowDagLocator,
} from '@mlops-portal/plugin-airflow-node';
import { AuthorityResolution } from '@mlops-portal/plugin-mlops-node';
import { mockAuthority } from '@mlops-portal/plugin-mlops-node/testUtils';

/**
 * What the Airflow backend's authority check finds for a DAG in a catalog holding these
 * entities: the same locator and the same kit code the backend runs before every write.
 */
export function resolveAuthority(
  entities: Entity[],
  instances: readonly AirflowInstanceConfig[],
  instance: string,
  dagId: string,
): Promise<AuthorityResolution> {
  return mockAuthority({
    auth: mockServices.auth(),
    permissions: mockServices.permissions(),
    entities,
  }).resolve(airflowDagLocator(instances, instance, dagId));
}
