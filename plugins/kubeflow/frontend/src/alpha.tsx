/**
 * The Kubeflow plugin for apps on the new frontend system: its default export is the plugin, with
 * the Kubeflow API, the entity content tab and the latest-runs card as extensions.
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
import { kubeflowApiRef } from './api/KubeflowBackendApi';
import { KubeflowClient } from './api/KubeflowClient';
import { isKubeflowAvailable } from './conditions';

/**
 * The Kubeflow backend client of the app.
 *
 * @alpha
 */
export const kubeflowApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kubeflowApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KubeflowClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Kubeflow tab of entities annotated with a pipeline or experiment, in the entity page's
 * `ml` group.
 *
 * @alpha
 */
export const kubeflowEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/kubeflow',
    title: 'Kubeflow',
    group: 'ml',
    filter: isKubeflowAvailable,
    loader: () =>
      import('./components/EntityKubeflowContent/EntityKubeflowContent').then(
        m => <m.EntityKubeflowContent />,
      ),
  },
});

/**
 * The latest-runs card, on the overview of entities annotated with a pipeline or experiment.
 *
 * @alpha
 */
export const kubeflowRunsEntityCard = EntityCardBlueprint.make({
  name: 'runs',
  params: {
    type: 'content',
    filter: isKubeflowAvailable,
    loader: () =>
      import('./components/KubeflowRunsCard/KubeflowRunsCard').then(m => (
        <m.KubeflowRunsCard />
      )),
  },
});

/**
 * The Kubeflow frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'kubeflow',
  title: 'Kubeflow',
  extensions: [kubeflowApi, kubeflowEntityContent, kubeflowRunsEntityCard],
});
