import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the Airflow entity content. */
export const rootRouteRef = createRouteRef({ id: 'airflow' });
