import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { createMlflowClients } from './createMlflowClients';
import { MlflowClients } from './MlflowApi';

/**
 * The MLflow clients of a plugin, one per configured instance; inject it with
 * `deps: { mlflow: mlflowClientsServiceRef }` and replace it in tests with
 * `createServiceFactory({ service: mlflowClientsServiceRef, ... })`.
 *
 * @remarks
 * Plugin-scoped: each plugin gets its own clients, using its own logger and cache namespace.
 *
 * @public
 */
export const mlflowClientsServiceRef = createServiceRef<MlflowClients>({
  id: 'mlflow.clients',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
      },
      factory: ({ config, logger, cache }) =>
        createMlflowClients({ config, logger, cache }),
    }),
});
