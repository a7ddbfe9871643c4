import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  MlflowClients,
  mlflowModelLocator,
} from '@mlops-portal/plugin-mlflow-node';
import {
  AuthorityResolution,
  IngestedEntityAuthority,
} from '@mlops-portal/plugin-mlops-node';
import { mockReadCache } from '@mlops-portal/plugin-mlops-node/testUtils';

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
  const authority = new IngestedEntityAuthority({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    permissions: mockServices.permissions(),
    readCache: mockReadCache(),
  });
  return authority.resolve(
    mlflowModelLocator(clients.instances, instance, model),
  );
}
