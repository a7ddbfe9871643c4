import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import { createInstanceClients } from '@mlops-portal/plugin-mlops-node';
import type {
  KserveClusterApi,
  KserveClusters,
} from '@mlops-portal/plugin-kserve-node';

/**
 * The clusters service over these clients (fakes, or real clients), the first being the default
 * as in production: replace `kserveClustersServiceRef` with it in tests.
 *
 * @public
 */
export function fakeKserveClusters(
  clients: readonly KserveClusterApi[],
): KserveClusters {
  const byName = new Map(clients.map(client => [client.cluster.name, client]));
  return createInstanceClients({
    system: KSERVE_SYSTEM,
    instances: clients.map(client => client.cluster),
    createClient: cluster => byName.get(cluster.name)!,
  });
}
