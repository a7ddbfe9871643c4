import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { kubeflowClientsServiceRef } from '@mlops-portal/plugin-kubeflow-node';
import { KubeflowEntityProvider } from './providers/KubeflowEntityProvider';

/**
 * Catalog module that ingests every Kubeflow pipeline as a `kubeflow-pipeline` Resource.
 *
 * @public
 */
export const catalogModuleKubeflowEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'kubeflow-entity-provider',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        catalogApi: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        clients: kubeflowClientsServiceRef,
      },
      async init({
        catalog,
        catalogApi,
        auth,
        config,
        logger,
        scheduler,
        clients,
      }) {
        catalog.addEntityProvider(
          KubeflowEntityProvider.fromConfig(config, {
            clients,
            catalog: catalogApi,
            auth,
            logger,
            scheduler,
          }),
        );
      },
    });
  },
});
