import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { kserveClustersServiceRef } from '@mlops-portal/plugin-kserve-node';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import { KserveEntityProvider } from './providers/KserveEntityProvider';

/**
 * Catalog module that ingests every KServe InferenceService of every configured cluster as a
 * `model-server` Component and the API it provides, kept current by a watch.
 *
 * @public
 */
export const catalogModuleKserveEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'kserve-entity-provider',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        clusters: kserveClustersServiceRef,
        mlflow: mlflowClientsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        lifecycle,
        clusters,
        mlflow,
      }) {
        const providers = KserveEntityProvider.fromConfig(config, {
          clusters,
          mlflow,
          logger,
          scheduler,
        });
        catalog.addEntityProvider(providers);
        lifecycle.addShutdownHook(async () => {
          await Promise.all(providers.map(provider => provider.stop()));
        });
      },
    });
  },
});
