import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import { createInstanceClientsServiceRef } from '@mlops-portal/plugin-mlops-node';
import { KserveClient } from './KserveClient';
import type { KserveClusterApi, KserveClusterConfig } from './KserveApi';
import { readKserveClusterConfigs } from './config/readKserveClusterConfigs';

/**
 * The Kubernetes clients of a plugin, one per cluster KServe is read from (the usable clusters
 * of Backstage's `kubernetes:` config, as `kserve:` narrows them); inject it with
 * `deps: { clusters: kserveClustersServiceRef }` and replace it in tests with
 * `mockInstanceClientsFactory(kserveClustersServiceRef, …)` from
 * `@mlops-portal/plugin-mlops-node/testUtils`.
 *
 * @remarks
 * Plugin-scoped: each plugin gets its own clients on its own read cache. Clusters KServe
 * cannot use (another auth provider, a name that cannot prefix entity names) are logged as a
 * warning once per plugin, not an error: a Backstage may list them for its Kubernetes plugin.
 *
 * @public
 */
export const kserveClustersServiceRef = createInstanceClientsServiceRef<
  KserveClusterApi,
  KserveClusterConfig
>({
  id: 'kserve.clusters',
  system: KSERVE_SYSTEM,
  readInstances: (config, { logger }) => {
    const { clusters, skipped } = readKserveClusterConfigs(config);
    for (const cluster of skipped) {
      logger.warn(
        `KServe leaves Kubernetes cluster '${cluster.name}' alone: ${cluster.reason}`,
        { cluster: cluster.name },
      );
    }
    return clusters;
  },
  createClient: (instance, { logger, readCache }) =>
    new KserveClient({ instance, logger, readCache }),
});
