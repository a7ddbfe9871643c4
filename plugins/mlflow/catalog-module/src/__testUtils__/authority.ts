import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  MlflowClients,
  mlflowModelLocator,
} from '@mlops-portal/plugin-mlflow-node';
import { AuthorityResolution } from '@mlops-portal/plugin-mlops-node';
import { mockAuthority } from '@mlops-portal/plugin-mlops-node/testUtils';

/**
 * What the MLflow backend's authority check finds for a registered model in a catalog holding
 * these entities: the same locator and the same kit code the backend runs before every write.
 */
export function resolveAuthority(
  entities: Entity[],
  clients: MlflowClients,
  instance: string,
  model: string,
): Promise<AuthorityResolution> {
  return mockAuthority({
    auth: mockServices.auth(),
    permissions: mockServices.permissions(),
    entities,
  }).resolve(mlflowModelLocator(clients.instances, instance, model));
}
