import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mlflowPermissions } from '@mlops-portal/plugin-mlflow-common';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import {
  createSystemPluginServices,
  registerMlopsActions,
  systemPluginDeps,
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
      deps: { ...systemPluginDeps, clients: mlflowClientsServiceRef },
      async init(deps) {
        const { clients, logger } = deps;
        const { authority, entities, pipeline } = createSystemPluginServices(
          deps,
          mlflowPermissions,
        );
        const reads = new MlflowReadService({ clients, authority, logger });
        const writes = new MlflowWriteService({ clients, pipeline });
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
