import {
  ANNOTATION_KSERVE_CLUSTER,
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
  KSERVE_SYSTEM,
} from '@mlops-portal/plugin-kserve-common';
import {
  NamespacedName,
  toEntityName,
} from '@mlops-portal/plugin-mlops-common';
import {
  IngestedEntityLocator,
  providerLocationRef,
} from '@mlops-portal/plugin-mlops-node';
import type { KserveClusterConfig } from './KserveApi';

/**
 * The refs of the `model-server` Component and the `API` the KServe provider ingests for an
 * InferenceService. The entity namespace is the Kubernetes namespace (both are DNS labels), so
 * two namespaces' `sklearn-iris` never collide; the name is the InferenceService's, prefixed with
 * the cluster name on every cluster but the first, so two clusters' never do either.
 *
 * @public
 */
export function kserveEntityRefs(
  clusters: readonly Pick<KserveClusterConfig, 'name'>[],
  cluster: string,
  ref: NamespacedName,
): { namespace: string; name: string; component: string; api: string } {
  const prefix = clusters[0]?.name === cluster ? undefined : cluster;
  const name = toEntityName(ref.name, { prefix });
  return {
    namespace: ref.namespace,
    name,
    component: `component:${ref.namespace}/${name}`,
    api: `api:${ref.namespace}/${name}`,
  };
}

/**
 * Where the `model-server` Component of an InferenceService is and how to recognise it: what
 * write authority is checked against (the KServe provider writes exactly this).
 *
 * @public
 */
export function kserveInferenceServiceLocator(
  clusters: readonly Pick<KserveClusterConfig, 'name'>[],
  cluster: string,
  ref: NamespacedName,
): IngestedEntityLocator {
  return {
    entityRef: kserveEntityRefs(clusters, cluster, ref).component,
    managedByLocation: providerLocationRef(KSERVE_SYSTEM, cluster),
    annotations: {
      [ANNOTATION_KSERVE_INFERENCE_SERVICE]: `${ref.namespace}/${ref.name}`,
      [ANNOTATION_KSERVE_CLUSTER]: cluster,
    },
    provider: 'the KServe catalog provider',
    description: `InferenceService '${ref.namespace}/${ref.name}' on cluster '${cluster}'`,
  };
}
