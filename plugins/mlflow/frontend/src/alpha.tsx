/**
 * The MLflow plugin for apps on the new frontend system: its default export is the plugin, with
 * the MLflow API, the entity content tab, the registered-model card and the scaffolder field
 * `MlflowInstancePicker` as extensions.
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
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
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
 * The scaffolder field `ui:field: MlflowInstancePicker`: a select of the configured MLflow
 * instances whose value is the instance name, the default preselected.
 *
 * @alpha
 */
export const mlflowInstancePickerFormField = FormFieldBlueprint.make({
  name: 'instance-picker',
  params: {
    field: () =>
      import('./components/MlflowInstancePicker/MlflowInstancePicker').then(m =>
        createFormField({
          name: m.MLFLOW_INSTANCE_PICKER,
          component: m.MlflowInstancePicker,
          schema: m.MlflowInstancePickerFieldSchema,
        }),
      ),
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
  extensions: [
    mlflowApi,
    mlflowEntityContent,
    mlflowModelEntityCard,
    mlflowInstancePickerFormField,
  ],
});
