import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the KServe Serving tab. */
export const rootRouteRef = createRouteRef({ id: 'kserve' });
