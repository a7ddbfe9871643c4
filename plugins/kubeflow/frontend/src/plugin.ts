import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { kubeflowApiRef } from './api/KubeflowBackendApi';
import { KubeflowClient } from './api/KubeflowClient';
import type { KubeflowRunsCardProps } from './components/KubeflowRunsCard/KubeflowRunsCard';
import { rootRouteRef } from './routes';

/**
 * The Kubeflow frontend plugin for apps on the legacy frontend system (`@backstage/core-plugin-api`).
 *
 * @public
 */
export const kubeflowPlugin = createPlugin({
  id: 'kubeflow',
  apis: [
    createApiFactory({
      api: kubeflowApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KubeflowClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The Kubeflow tab of an entity page (legacy frontend system); use with `isKubeflowAvailable`.
 *
 * @public
 */
export const EntityKubeflowContent: () => JSX.Element = kubeflowPlugin.provide(
  createRoutableExtension({
    name: 'EntityKubeflowContent',
    component: () =>
      import('./components/EntityKubeflowContent/EntityKubeflowContent').then(
        m => m.EntityKubeflowContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The latest runs card for an entity's overview (legacy frontend system); use with
 * `isKubeflowAvailable`.
 *
 * @public
 */
export const EntityKubeflowRunsCard: (
  props: KubeflowRunsCardProps,
) => JSX.Element = kubeflowPlugin.provide(
  createComponentExtension({
    name: 'EntityKubeflowRunsCard',
    component: {
      lazy: () =>
        import('./components/KubeflowRunsCard/KubeflowRunsCard').then(
          m => m.KubeflowRunsCard,
        ),
    },
  }),
);
