import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { kservePermissions } from '@mlops-portal/plugin-kserve-common';
import { kserveClustersServiceRef } from '@mlops-portal/plugin-kserve-node';
import {
  createSystemPluginServices,
  registerMlopsActions,
  systemPluginDeps,
} from '@mlops-portal/plugin-mlops-node';
import { createKserveActions } from './actions/kserveActions';
import { createRouter } from './router';
import { KserveReadService } from './service/KserveReadService';
import { KserveWriteService } from './service/KserveWriteService';
import { ServingViews } from './service/ServingViews';

/**
 * The KServe backend plugin: the serving state of an entity's InferenceService (verdict,
 * predictor, traffic split, conditions, events) under `/api/kserve`; set, promote and roll back
 * its canary under permission; the same operations as actions.
 *
 * @public
 */
export const kservePlugin = createBackendPlugin({
  pluginId: 'kserve',
  register(env) {
    env.registerInit({
      deps: { ...systemPluginDeps, clusters: kserveClustersServiceRef },
      async init(deps) {
        const { clusters, logger } = deps;
        const { authority, entities, pipeline } = createSystemPluginServices(
          deps,
          kservePermissions,
        );
        const views = new ServingViews({ authority, logger });
        const reads = new KserveReadService({
          clusters,
          authority,
          views,
          logger,
        });
        const writes = new KserveWriteService({ clusters, pipeline, views });
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
          createKserveActions({ entities, reads, writes }),
        );
      },
    });
  },
});
