import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { airflowApiRef } from './api/AirflowBackendApi';
import { AirflowClient } from './api/AirflowClient';
import type { AirflowDagCardProps } from './components/AirflowDagCard/AirflowDagCard';
import { rootRouteRef } from './routes';

/**
 * The Airflow frontend plugin for apps on the legacy frontend system (`@backstage/core-plugin-api`).
 *
 * @public
 */
export const airflowPlugin = createPlugin({
  id: 'airflow',
  apis: [
    createApiFactory({
      api: airflowApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AirflowClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The Airflow tab of an entity page (legacy frontend system); use with `isAirflowAvailable`.
 *
 * @public
 */
export const EntityAirflowContent: () => JSX.Element = airflowPlugin.provide(
  createRoutableExtension({
    name: 'EntityAirflowContent',
    component: () =>
      import('./components/EntityAirflowContent/EntityAirflowContent').then(
        m => m.EntityAirflowContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The DAG card for an entity's overview (legacy frontend system); use with `isAirflowAvailable`.
 *
 * @public
 */
export const EntityAirflowDagCard: (props: AirflowDagCardProps) => JSX.Element =
  airflowPlugin.provide(
    createComponentExtension({
      name: 'EntityAirflowDagCard',
      component: {
        lazy: () =>
          import('./components/AirflowDagCard/AirflowDagCard').then(
            m => m.AirflowDagCard,
          ),
      },
    }),
  );
