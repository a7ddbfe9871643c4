import {
  InferenceServiceObject,
  KserveClusterApi,
} from '@mlops-portal/plugin-kserve-node';
import { prefetchPages } from '@mlops-portal/plugin-mlops-node';

/**
 * One list a watch continues: a namespace (or the whole cluster) and the resourceVersion of
 * the list of it.
 *
 * @internal
 */
export interface WatchScope {
  /** The namespace; `undefined` for every namespace. */
  namespace?: string;
  /** The list's resourceVersion: the watch sees every change after it. */
  resourceVersion: string;
}

/**
 * What listing a cluster read.
 *
 * @internal
 */
export interface ClusterListingSummary {
  /** One per configured namespace, or one for the whole cluster. */
  scopes: WatchScope[];
  /** List requests made. */
  pages: number;
  /** Objects listed. */
  items: number;
}

/**
 * Lists every InferenceService of a cluster: each configured namespace, or the whole cluster
 * when none is, with the cluster's label selector, page by page at its `pageSize` (`limit`,
 * `continue`). Each page is handed to `onPage` while the next one is on its way; throws when
 * any request fails.
 *
 * @remarks
 * The API server serves all pages of one list from one snapshot, whose resourceVersion the
 * first page carries: a watch from it misses nothing that changed after the list began.
 *
 * @internal
 */
export async function listClusterInferenceServices(
  client: Pick<KserveClusterApi, 'cluster' | 'listInferenceServices'>,
  onPage: (items: InferenceServiceObject[]) => void,
): Promise<ClusterListingSummary> {
  const { namespaces, labelSelector, pageSize } = client.cluster;
  // Each namespace once, however the cluster was configured: no object is listed twice.
  const targets: Array<string | undefined> =
    namespaces.length > 0 ? [...new Set(namespaces)] : [undefined];
  const scopes: WatchScope[] = [];
  let pages = 0;
  let items = 0;
  for (const namespace of targets) {
    let resourceVersion: string | undefined;
    const fetchPage = async (continueToken: string | undefined) => {
      const page = await client.listInferenceServices({
        namespace,
        labelSelector,
        limit: pageSize,
        continueToken,
      });
      resourceVersion ??= page.resourceVersion;
      return { items: page.items, nextPageToken: page.continueToken };
    };
    for await (const page of prefetchPages(fetchPage)) {
      pages++;
      items += page.length;
      onPage(page);
    }
    scopes.push(
      namespace === undefined
        ? { resourceVersion: resourceVersion! }
        : { namespace, resourceVersion: resourceVersion! },
    );
  }
  return { scopes, pages, items };
}
