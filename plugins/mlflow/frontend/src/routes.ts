import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the MLflow entity content. */
export const rootRouteRef = createRouteRef({ id: 'mlflow' });
