import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the Kubeflow entity content. */
export const rootRouteRef = createRouteRef({ id: 'kubeflow' });
