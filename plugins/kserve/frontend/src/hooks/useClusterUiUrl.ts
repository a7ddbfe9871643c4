import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { kserveApiRef } from '../api/KserveBackendApi';

/**
 * The dashboard URL configured for a cluster, when there is one. The cluster list only adds a
 * link: if it cannot be read, the page goes without it.
 */
export function useClusterUiUrl(
  cluster: string | undefined,
): string | undefined {
  const api = useApi(kserveApiRef);
  const { value } = useAsync(
    async () => (cluster ? api.listClusters() : undefined),
    [api, cluster],
  );
  const uiUrl = value?.instances.find(i => i.name === cluster)?.uiUrl;
  return uiUrl?.trim() ? uiUrl : undefined;
}
