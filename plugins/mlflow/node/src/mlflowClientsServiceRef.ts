import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import { createInstanceClientsServiceRef } from '@mlops-portal/plugin-mlops-node';
import { readMlflowInstanceConfigs } from './config/readMlflowInstanceConfigs';
import { MlflowApi, MlflowInstanceConfig } from './MlflowApi';
import { MlflowClient } from './MlflowClient';

/**
 * The MLflow clients of a plugin, one per configured instance; inject it with
 * `deps: { mlflow: mlflowClientsServiceRef }` and replace it in tests with
 * `mockInstanceClientsFactory(mlflowClientsServiceRef, …)` from `@mlops-portal/plugin-mlops-node/testUtils`.
 *
 * @remarks
 * Plugin-scoped: each plugin gets its own clients on its own read cache.
 *
 * @public
 */
export const mlflowClientsServiceRef = createInstanceClientsServiceRef<
  MlflowApi,
  MlflowInstanceConfig
>({
  id: 'mlflow.clients',
  system: MLFLOW_SYSTEM,
  readInstances: readMlflowInstanceConfigs,
  createClient: (instance, { logger, readCache }) =>
    new MlflowClient({ instance, logger, readCache }),
});
