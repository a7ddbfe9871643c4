import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readKserveClusterConfigs } from '@mlops-portal/plugin-kserve-node';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import { createModelProjectPlanAction } from './actions/modelProjectPlan';
import { readKubeflowInstanceNames } from './lib/kubeflow';

/**
 * Adds `mlops:model-project:plan`, the first step of the model-project template, to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleModelProject = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'model-project',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        mlflow: mlflowClientsServiceRef,
      },
      async init({ scaffolder, config, mlflow }) {
        scaffolder.addActions(
          createModelProjectPlanAction({
            integrations: ScmIntegrations.fromConfig(config),
            mlflow,
            kubeflowInstances: readKubeflowInstanceNames(config),
            kserveClusters: readKserveClusterConfigs(config).clusters.map(
              cluster => cluster.name,
            ),
          }),
        );
      },
    });
  },
});
