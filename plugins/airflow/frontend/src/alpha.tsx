/**
 * The Airflow plugin for apps on the new frontend system: its default export is the plugin, with
 * the Airflow API, the entity content tab and the DAG card as extensions.
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
import { airflowApiRef } from './api/AirflowBackendApi';
import { AirflowClient } from './api/AirflowClient';
import { isAirflowAvailable } from './conditions';

/**
 * The Airflow backend client of the app.
 *
 * @alpha
 */
export const airflowApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: airflowApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AirflowClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Airflow tab of entities annotated with a DAG id, in the entity page's `ml` group.
 *
 * @alpha
 */
export const airflowEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/airflow',
    title: 'Airflow',
    group: 'ml',
    filter: isAirflowAvailable,
    loader: () =>
      import('./components/EntityAirflowContent/EntityAirflowContent').then(
        m => <m.EntityAirflowContent />,
      ),
  },
});

/**
 * The DAG card, on the overview of entities annotated with a DAG id.
 *
 * @alpha
 */
export const airflowDagEntityCard = EntityCardBlueprint.make({
  name: 'dag',
  params: {
    type: 'content',
    filter: isAirflowAvailable,
    loader: () =>
      import('./components/AirflowDagCard/AirflowDagCard').then(m => (
        <m.AirflowDagCard />
      )),
  },
});

/**
 * The Airflow frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'airflow',
  title: 'Airflow',
  extensions: [airflowApi, airflowEntityContent, airflowDagEntityCard],
});
