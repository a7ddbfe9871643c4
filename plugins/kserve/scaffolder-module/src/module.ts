import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { kserveClustersServiceRef } from '@mlops-portal/plugin-kserve-node';
import { writePipelineServiceRef } from '@mlops-portal/plugin-mlops-node';
import { createKserveInferenceServiceApplyAction } from './actions';

/**
 * Adds the KServe action `kserve:inferenceservice:apply` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleKserve = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kserve',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        clients: kserveClustersServiceRef,
        pipeline: writePipelineServiceRef,
      },
      async init({ scaffolder, clients, pipeline }) {
        scaffolder.addActions(
          createKserveInferenceServiceApplyAction({ clients, pipeline }),
        );
      },
    });
  },
});
