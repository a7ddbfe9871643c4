/**
 * The MLflow plugin for apps on the new frontend system: its default export is the plugin, with
 * the MLflow API, the entity content tab and the registered-model card as extensions.
 *
 * @packageDocumentation
 */

import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { mlflowApiRef } from './api/MlflowBackendApi';
import { MlflowClient } from './api/MlflowClient';
import { isMlflowAvailable, isMlflowModelAvailable } from './conditions';

/**
 * The MLflow backend client of the app.
 *
 * @alpha
 */
export const mlflowApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlflowApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlflowClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The MLflow tab of entities annotated with an experiment or a registered model, in the
 * entity page's `ml` group.
 *
 * @alpha
 */
export const mlflowEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/mlflow',
    title: 'MLflow',
    group: 'ml',
    filter: isMlflowAvailable,
    loader: () =>
      import('./components/EntityMlflowContent/EntityMlflowContent').then(m => (
        <m.EntityMlflowContent />
      )),
  },
});

/**
 * The registered-model card, on the overview of entities annotated with a registered model.
 *
 * @alpha
 */
export const mlflowModelEntityCard = EntityCardBlueprint.make({
  name: 'model',
  params: {
    type: 'content',
    filter: isMlflowModelAvailable,
    loader: () =>
      import('./components/MlflowModelCard/MlflowModelCard').then(m => (
        <m.MlflowModelCard />
      )),
  },
});

/**
 * The MLflow frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mlflow',
  title: 'MLflow',
  extensions: [mlflowApi, mlflowEntityContent, mlflowModelEntityCard],
});
