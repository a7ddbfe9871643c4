import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { airflowClientsServiceRef } from '@mlops-portal/plugin-airflow-node';
import { AirflowEntityProvider } from './providers/AirflowEntityProvider';

/**
 * Catalog module that ingests every Airflow DAG as an `airflow-dag` Resource.
 *
 * @public
 */
export const catalogModuleAirflowEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'airflow-entity-provider',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        catalogApi: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        clients: airflowClientsServiceRef,
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
          AirflowEntityProvider.fromConfig(config, {
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
