import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import type { JSX } from 'react';
import { mlflowApiRef } from './api/MlflowBackendApi';
import { MlflowClient } from './api/MlflowClient';
import {
  MLFLOW_INSTANCE_PICKER,
  MlflowInstancePicker,
  MlflowInstancePickerFieldSchema,
} from './components/MlflowInstancePicker/MlflowInstancePicker';
import { rootRouteRef } from './routes';

/**
 * The MLflow frontend plugin for apps on the legacy frontend system (`@backstage/core-plugin-api`).
 *
 * @public
 */
export const mlflowPlugin = createPlugin({
  id: 'mlflow',
  apis: [
    createApiFactory({
      api: mlflowApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlflowClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The MLflow tab of an entity page (legacy frontend system); use with `isMlflowAvailable`.
 *
 * @public
 */
export const EntityMlflowContent: () => JSX.Element = mlflowPlugin.provide(
  createRoutableExtension({
    name: 'EntityMlflowContent',
    component: () =>
      import('./components/EntityMlflowContent/EntityMlflowContent').then(
        m => m.EntityMlflowContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The registered-model card (legacy frontend system); use with `isMlflowModelAvailable`.
 *
 * @public
 */
export const EntityMlflowModelCard = mlflowPlugin.provide(
  createComponentExtension({
    name: 'EntityMlflowModelCard',
    component: {
      lazy: () =>
        import('./components/MlflowModelCard/MlflowModelCard').then(
          m => m.MlflowModelCard,
        ),
    },
  }),
);

/**
 * The scaffolder field `ui:field: MlflowInstancePicker` (legacy frontend system): a select of the
 * configured MLflow instances whose value is the instance name, the default preselected. Put it
 * inside the app's `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const MlflowInstancePickerFieldExtension = mlflowPlugin.provide(
  createScaffolderFieldExtension({
    name: MLFLOW_INSTANCE_PICKER,
    component: MlflowInstancePicker,
    schema: MlflowInstancePickerFieldSchema.schema,
  }),
);
