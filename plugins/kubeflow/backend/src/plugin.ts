import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { kubeflowPermissions } from '@mlops-portal/plugin-kubeflow-common';
import { kubeflowClientsServiceRef } from '@mlops-portal/plugin-kubeflow-node';
import {
  createSystemPluginServices,
  registerMlopsActions,
  systemPluginDeps,
} from '@mlops-portal/plugin-mlops-node';
import { createKubeflowActions } from './actions/kubeflowActions';
import { createRouter } from './router';
import { KubeflowReadService } from './service/KubeflowReadService';
import { KubeflowWriteService } from './service/KubeflowWriteService';

/**
 * The Kubeflow Pipelines backend plugin: an entity's pipeline, runs with their task graphs,
 * recurring runs and experiments under `/api/kubeflow`; start a run and enable or disable a
 * recurring run under permission; the same operations as actions.
 *
 * @public
 */
export const kubeflowPlugin = createBackendPlugin({
  pluginId: 'kubeflow',
  register(env) {
    env.registerInit({
      deps: { ...systemPluginDeps, clients: kubeflowClientsServiceRef },
      async init(deps) {
        const { clients, logger } = deps;
        const { authority, entities, pipeline } = createSystemPluginServices(
          deps,
          kubeflowPermissions,
        );
        const reads = new KubeflowReadService({ clients, authority, logger });
        const writes = new KubeflowWriteService({ clients, pipeline });
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
          createKubeflowActions({ entities, reads, writes }),
        );
      },
    });
  },
});
