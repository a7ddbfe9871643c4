import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { kserveApiRef } from './api/KserveBackendApi';
import { KserveClient } from './api/KserveClient';
import type { KserveServingCardProps } from './components/KserveServingCard/KserveServingCard';
import { rootRouteRef } from './routes';

/**
 * The KServe frontend plugin for apps on the legacy frontend system (`@backstage/core-plugin-api`).
 *
 * @public
 */
export const kservePlugin = createPlugin({
  id: 'kserve',
  apis: [
    createApiFactory({
      api: kserveApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KserveClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The Serving tab of an entity page (legacy frontend system); use with `isKserveAvailable`.
 *
 * @public
 */
export const EntityKserveServingContent: () => JSX.Element =
  kservePlugin.provide(
    createRoutableExtension({
      name: 'EntityKserveServingContent',
      component: () =>
        import(
          './components/EntityKserveServingContent/EntityKserveServingContent'
        ).then(m => m.EntityKserveServingContent),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The Serving card for an entity's overview (legacy frontend system); use with
 * `isKserveAvailable`.
 *
 * @public
 */
export const EntityKserveServingCard: (
  props: KserveServingCardProps,
) => JSX.Element = kservePlugin.provide(
  createComponentExtension({
    name: 'EntityKserveServingCard',
    component: {
      lazy: () =>
        import('./components/KserveServingCard/KserveServingCard').then(
          m => m.KserveServingCard,
        ),
    },
  }),
);
