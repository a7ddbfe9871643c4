import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { airflowPermissions } from '@mlops-portal/plugin-airflow-common';
import { airflowClientsServiceRef } from '@mlops-portal/plugin-airflow-node';
import {
  createSystemPluginServices,
  registerMlopsActions,
  systemPluginDeps,
} from '@mlops-portal/plugin-mlops-node';
import { createAirflowActions } from './actions/airflowActions';
import { createRouter } from './router';
import { AirflowReadService } from './service/AirflowReadService';
import { AirflowWriteService } from './service/AirflowWriteService';

/**
 * The Airflow backend plugin: DAGs, runs, task instances and logs for the entity page under
 * `/api/airflow`; trigger, pause and clear under permission; the same operations as actions.
 *
 * @public
 */
export const airflowPlugin = createBackendPlugin({
  pluginId: 'airflow',
  register(env) {
    env.registerInit({
      deps: { ...systemPluginDeps, clients: airflowClientsServiceRef },
      async init(deps) {
        const { clients, logger } = deps;
        const { authority, entities, pipeline } = createSystemPluginServices(
          deps,
          airflowPermissions,
        );
        const reads = new AirflowReadService({ clients, authority, logger });
        const writes = new AirflowWriteService({ clients, reads, pipeline });
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
          createAirflowActions({ entities, reads, writes }),
        );
      },
    });
  },
});
