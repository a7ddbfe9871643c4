/**
 * The KServe plugin for apps on the new frontend system: its default export is the plugin, with
 * the KServe API, the Serving tab and the Serving card as extensions.
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
import { kserveApiRef } from './api/KserveBackendApi';
import { KserveClient } from './api/KserveClient';
import { isKserveAvailable } from './conditions';

/**
 * The KServe backend client of the app.
 *
 * @alpha
 */
export const kserveApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kserveApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KserveClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Serving tab of entities annotated with an InferenceService, in the entity page's `ml`
 * group.
 *
 * @alpha
 */
export const kserveServingEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/serving',
    title: 'Serving',
    group: 'ml',
    filter: isKserveAvailable,
    loader: () =>
      import(
        './components/EntityKserveServingContent/EntityKserveServingContent'
      ).then(m => <m.EntityKserveServingContent />),
  },
});

/**
 * The Serving card, on the overview of entities annotated with an InferenceService.
 *
 * @alpha
 */
export const kserveServingEntityCard = EntityCardBlueprint.make({
  name: 'serving',
  params: {
    type: 'content',
    filter: isKserveAvailable,
    loader: () =>
      import('./components/KserveServingCard/KserveServingCard').then(m => (
        <m.KserveServingCard />
      )),
  },
});

/**
 * The KServe frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'kserve',
  title: 'KServe',
  extensions: [kserveApi, kserveServingEntityContent, kserveServingEntityCard],
});
