// What the KServe benches share: the sandbox's synthetic InferenceServices and how the bench
// clusters read them. Not a bench itself (run.mjs runs only *.bench.ts).

/** Synthetic InferenceServices the sandbox serves (`--inference-services`), 400 per namespace. */
export const INFERENCE_SERVICES = 2_000;
/**
 * `kserve.pageSize` for the benches: 4 pages of each 400-object namespace, so that paging with
 * `continue` is measured (at the default of 500 each namespace is one page, 5 requests in all).
 */
export const PAGE_SIZE = 100;
/** The sandbox's synthetic namespaces (SYNTHETIC_OWNERS), split over the three clusters. */
export const CLUSTERS: Array<{ name: string; namespaces: string[] }> = [
  { name: 'bench-a', namespaces: ['synthetic-team-a', 'synthetic-team-b'] },
  { name: 'bench-b', namespaces: ['synthetic-team-c', 'synthetic-team-d'] },
  { name: 'bench-c', namespaces: ['synthetic-team-e'] },
];
/** The sandbox's Kubernetes service account token. */
export const TOKEN = 'sandbox-k8s-token';
/** KServe's API group and version below the sandbox's `/kubernetes`. */
export const RESOURCE = '/apis/serving.kserve.io/v1beta1';

/** One list request of a namespace's InferenceServices, at the benches' page size. */
export function listPageUrl(
  sandboxUrl: string,
  namespace: string,
  continueToken: string | undefined,
): URL {
  const url = new URL(
    `${sandboxUrl}/kubernetes${RESOURCE}/namespaces/${namespace}/inferenceservices`,
  );
  url.searchParams.set('limit', String(PAGE_SIZE));
  if (continueToken) url.searchParams.set('continue', continueToken);
  return url;
}
