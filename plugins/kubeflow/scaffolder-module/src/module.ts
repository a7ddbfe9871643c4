import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { kubeflowClientsServiceRef } from '@mlops-portal/plugin-kubeflow-node';
import { writePipelineServiceRef } from '@mlops-portal/plugin-mlops-node';
import {
  createKubeflowPipelineUploadAction,
  createKubeflowRunCreateAction,
} from './actions';

/**
 * Adds the Kubeflow actions `kubeflow:pipeline:upload` and `kubeflow:run:create` to the
 * scaffolder.
 *
 * @public
 */
export const scaffolderModuleKubeflow = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kubeflow',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        clients: kubeflowClientsServiceRef,
        pipeline: writePipelineServiceRef,
      },
      async init({ scaffolder, clients, pipeline }) {
        scaffolder.addActions(
          createKubeflowPipelineUploadAction({ clients, pipeline }),
          createKubeflowRunCreateAction({ clients, pipeline }),
        );
      },
    });
  },
});
