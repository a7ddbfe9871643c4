import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  mlflowClientsServiceRef,
  readMlflowOwnerTag,
} from '@mlops-portal/plugin-mlflow-node';
import { writePipelineServiceRef } from '@mlops-portal/plugin-mlops-node';
import {
  createMlflowExperimentCreateAction,
  createMlflowModelRegisterAction,
} from './actions';

/**
 * Adds the MLflow actions `mlflow:experiment:create` and `mlflow:model:register` to the
 * scaffolder.
 *
 * @public
 */
export const scaffolderModuleMlflow = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mlflow',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        clients: mlflowClientsServiceRef,
        config: coreServices.rootConfig,
        pipeline: writePipelineServiceRef,
      },
      async init({ scaffolder, clients, config, pipeline }) {
        scaffolder.addActions(
          createMlflowExperimentCreateAction({ clients, pipeline }),
          createMlflowModelRegisterAction({
            clients,
            pipeline,
            ownerTag: readMlflowOwnerTag(config),
          }),
        );
      },
    });
  },
});
