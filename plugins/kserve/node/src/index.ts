/**
 * The Kubernetes client of the KServe plugins (on `@kubernetes/client-node`) and the cluster
 * config they read from Backstage's own `kubernetes:` config; `/testUtils` has an in-memory
 * cluster, InferenceService builders and a real kube-apiserver for integration tests.
 *
 * @packageDocumentation
 */

export * from './KserveApi';
export { WatchExpiredError } from './errors';
export { kserveEntityRefs, kserveInferenceServiceLocator } from './entities';
export { KserveClient, type KserveClientOptions } from './KserveClient';
export { kserveClustersServiceRef } from './kserveClustersServiceRef';
export {
  readKserveClusterConfigs,
  DEFAULT_KSERVE_PAGE_SIZE,
  MAX_KSERVE_PAGE_SIZE,
  type KserveClusterConfigs,
} from './config/readKserveClusterConfigs';
export type { SkippedKubernetesCluster } from './config/kubernetesClusters';
export {
  isDns1123Label,
  isDns1123Subdomain,
  labelSelectorProblem,
} from './config/kubernetesNames';
