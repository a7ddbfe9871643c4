/**
 * Typed Kubeflow Pipelines v2beta1 REST client and instance config for the Kubeflow plugin
 * packages; `/testUtils` has an in-memory Kubeflow and the sandbox's for tests.
 *
 * @packageDocumentation
 */

export type * from './KubeflowApi';
export { KubeflowClient, type KubeflowClientOptions } from './KubeflowClient';
export {
  readKubeflowInstanceConfigs,
  DEFAULT_KUBEFLOW_PAGE_SIZE,
  DEFAULT_KUBEFLOW_USER_ID_HEADER,
  MAX_KUBEFLOW_PAGE_SIZE,
} from './config/readKubeflowInstanceConfigs';
export {
  createKubeflowClients,
  type CreateKubeflowClientsOptions,
} from './createKubeflowClients';
export { kubeflowClientsServiceRef } from './kubeflowClientsServiceRef';
export {
  kubeflowPipelineEntityName,
  kubeflowPipelineLocator,
} from './entities';
export { getExperimentByNameOrId, getPipelineByNameOrId } from './lookups';
