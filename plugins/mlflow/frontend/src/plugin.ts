import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { mlflowApiRef } from './api/MlflowBackendApi';
import { MlflowClient } from './api/MlflowClient';
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
