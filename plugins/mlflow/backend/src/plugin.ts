import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { mlflowPermissions } from '@mlops-portal/plugin-mlflow-common';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import { createRouter } from './router';
import { EntityResolver } from './service/EntityResolver';
import { MlflowReadService } from './service/MlflowReadService';
import { MlflowWriteService } from './service/MlflowWriteService';
import { ReadThroughCache } from './service/ReadThroughCache';

/**
 * The MLflow backend plugin: runs, models and promotion for the entity page, under `/api/mlflow`.
 *
 * @public
 */
export const mlflowPlugin = createBackendPlugin({
  pluginId: 'mlflow',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        cache: coreServices.cache,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        mlflow: mlflowClientsServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        logger,
        cache,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        mlflow,
      }) {
        permissionsRegistry.addPermissions(mlflowPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            entities: new EntityResolver({
              catalog,
              cache: new ReadThroughCache({
                cache,
                logger,
                namespace: 'entity',
              }),
            }),
            reads: new MlflowReadService({ clients: mlflow, logger, cache }),
            writes: new MlflowWriteService({
              clients: mlflow,
              permissions,
              auditor,
              logger,
            }),
          }),
        );
      },
    });
  },
});
