import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { airflowClientsServiceRef } from '@mlops-portal/plugin-airflow-node';
import { writePipelineServiceRef } from '@mlops-portal/plugin-mlops-node';
import {
  createAirflowDagTriggerAction,
  createAirflowDagUnpauseAction,
} from './actions';

/**
 * Adds the Airflow actions `airflow:dag:trigger` and `airflow:dag:unpause` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleAirflow = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'airflow',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        clients: airflowClientsServiceRef,
        pipeline: writePipelineServiceRef,
      },
      async init({ scaffolder, clients, pipeline }) {
        scaffolder.addActions(
          createAirflowDagTriggerAction({ clients, pipeline }),
          createAirflowDagUnpauseAction({ clients, pipeline }),
        );
      },
    });
  },
});
