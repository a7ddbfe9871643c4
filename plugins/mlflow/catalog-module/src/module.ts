import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import { MlflowEntityProvider } from './providers/MlflowEntityProvider';

/**
 * Catalog module that ingests every MLflow registered model as an `ml-model` Resource.
 *
 * @public
 */
export const catalogModuleMlflowEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mlflow-entity-provider',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        clients: mlflowClientsServiceRef,
      },
      async init({ catalog, config, logger, scheduler, clients }) {
        catalog.addEntityProvider(
          MlflowEntityProvider.fromConfig(config, {
            clients,
            logger,
            scheduler,
          }),
        );
      },
    });
  },
});
