import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { mlflowPermissions } from '@mlops-portal/plugin-mlflow-common';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import { mlopsPermissions } from '@mlops-portal/plugin-mlops-common';
import {
  EntityResolver,
  IngestedEntityAuthority,
  readAuthorityConfig,
  readCacheServiceRef,
  registerMlopsActions,
  WritePipeline,
} from '@mlops-portal/plugin-mlops-node';
import { createMlflowActions } from './actions/mlflowActions';
import { createRouter } from './router';
import { MlflowReadService } from './service/MlflowReadService';
import { MlflowWriteService } from './service/MlflowWriteService';

/**
 * The MLflow backend plugin: runs, models and promotion for the entity page under `/api/mlflow`,
 * and the same operations as actions for agents.
 *
 * @public
 */
export const mlflowPlugin = createBackendPlugin({
  pluginId: 'mlflow',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
        readCache: readCacheServiceRef,
        mlflow: mlflowClientsServiceRef,
      },
      async init(deps) {
        const { catalog, readCache, mlflow: clients, logger } = deps;
        deps.permissionsRegistry.addPermissions([
          ...mlflowPermissions,
          ...mlopsPermissions,
        ]);
        const authority = new IngestedEntityAuthority({
          catalog,
          auth: deps.auth,
          permissions: deps.permissions,
          readCache,
          ...readAuthorityConfig(deps.config),
        });
        const entities = new EntityResolver({ catalog, readCache });
        const reads = new MlflowReadService({ clients, authority, logger });
        const writes = new MlflowWriteService({
          clients,
          pipeline: new WritePipeline({
            authority,
            auditor: deps.auditor,
            logger,
          }),
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            entities,
            reads,
            writes,
          }),
        );
        registerMlopsActions(
          deps.actionsRegistry,
          createMlflowActions({ entities, reads, writes }),
        );
      },
    });
  },
});
