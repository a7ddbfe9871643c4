import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import { createInstanceClientsServiceRef } from '@mlops-portal/plugin-mlops-node';
import { KubeflowApi, KubeflowInstanceConfig } from './KubeflowApi';
import { KubeflowClient } from './KubeflowClient';
import { readKubeflowInstanceConfigs } from './config/readKubeflowInstanceConfigs';

/**
 * The Kubeflow Pipelines clients of a plugin, one per configured instance; inject it with
 * `deps: { kubeflow: kubeflowClientsServiceRef }` and replace it in tests with
 * `mockInstanceClientsFactory(kubeflowClientsServiceRef, …)` from
 * `@mlops-portal/plugin-mlops-node/testUtils`.
 *
 * @remarks
 * Plugin-scoped: each plugin gets its own clients on its own read cache.
 *
 * @public
 */
export const kubeflowClientsServiceRef = createInstanceClientsServiceRef<
  KubeflowApi,
  KubeflowInstanceConfig
>({
  id: 'kubeflow.clients',
  system: KUBEFLOW_SYSTEM,
  readInstances: readKubeflowInstanceConfigs,
  createClient: (instance, { logger, readCache }) =>
    new KubeflowClient({ instance, logger, readCache }),
});
