import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import {
  createMlflowExperimentCreateAction,
  createMlflowModelRegisterAction,
} from './actions';
import { readOwnerTag } from './lib/readOwnerTag';

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
      },
      async init({ scaffolder, clients, config }) {
        scaffolder.addActions(
          createMlflowExperimentCreateAction({ clients }),
          createMlflowModelRegisterAction({
            clients,
            ownerTag: readOwnerTag(config),
          }),
        );
      },
    });
  },
});
