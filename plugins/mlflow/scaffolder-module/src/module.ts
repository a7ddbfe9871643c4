import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  mlflowClientsServiceRef,
  readMlflowOwnerTag,
} from '@mlops-portal/plugin-mlflow-node';
import {
  IngestedEntityAuthority,
  readCacheServiceRef,
  WritePipeline,
} from '@mlops-portal/plugin-mlops-node';
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
        logger: coreServices.logger,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        readCache: readCacheServiceRef,
      },
      async init({
        scaffolder,
        clients,
        config,
        logger,
        auditor,
        auth,
        permissions,
        catalog,
        readCache,
      }) {
        const authority = new IngestedEntityAuthority({
          auth,
          permissions,
          catalog,
          readCache,
        });
        const pipeline = new WritePipeline({ authority, auditor, logger });
        scaffolder.addActions(
          createMlflowExperimentCreateAction({ clients, authority, pipeline }),
          createMlflowModelRegisterAction({
            clients,
            authority,
            pipeline,
            ownerTag: readMlflowOwnerTag(config),
          }),
        );
      },
    });
  },
});
