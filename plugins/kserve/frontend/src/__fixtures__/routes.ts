import { entityRouteRef } from '@backstage/plugin-catalog-react';

/** The catalog's entity route, which entity links need, as an app mounts it. */
export const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};
