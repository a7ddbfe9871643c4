import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_KSERVE_CLUSTER,
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
  readKserveAnnotations,
} from '@mlops-portal/plugin-kserve-common';
import {
  kserveInferenceServiceLocator,
  type InferenceServiceObject,
  type KserveClusterApi,
  type KserveClusters,
} from '@mlops-portal/plugin-kserve-node';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import type { IngestedEntityLocator } from '@mlops-portal/plugin-mlops-node';

/**
 * The InferenceService an entity's annotations name, and the client of its cluster.
 *
 * @internal
 */
export interface ServingTarget {
  /** The entity's full ref, as the catalog spells it. */
  entityRef: string;
  /** `kserve.io/inference-service`. */
  ref: NamespacedName;
  /** The cluster's name (`kserve.io/cluster`, else the first configured). */
  cluster: string;
  /** The client of that cluster. */
  client: KserveClusterApi;
  /** Where the KServe provider's `model-server` Component is: what writes are authorized against. */
  locator: IngestedEntityLocator;
  /** `InferenceService ns/name on cluster 'x'`, for messages. */
  description: string;
}

/**
 * Reads an entity's KServe annotations and picks its cluster's client; no cluster call.
 *
 * @throws NotFoundError when the entity has no `kserve.io/inference-service` annotation or no
 * cluster is configured; InputError for a malformed annotation or a cluster that is not
 * configured (naming the configured ones)
 *
 * @internal
 */
export function resolveServingTarget(
  entity: Entity,
  clusters: KserveClusters,
): ServingTarget {
  const entityRef = stringifyEntityRef(entity);
  const annotations = readKserveAnnotations(entity);
  const ref = annotations.inferenceService;
  if (!ref) {
    throw new NotFoundError(
      `Entity '${entityRef}' has no '${ANNOTATION_KSERVE_INFERENCE_SERVICE}' annotation, which names the InferenceService (namespace/name) to show`,
    );
  }
  const configured = clusters.instances;
  if (configured.length === 0) {
    throw new NotFoundError(
      'No KServe clusters are configured: the KServe plugin reads the clusters of kubernetes.clusterLocatorMethods (type config)',
    );
  }
  const named = annotations.cluster;
  if (named !== undefined && !configured.some(c => c.name === named)) {
    throw new InputError(
      `Entity '${entityRef}' names cluster '${named}' in '${ANNOTATION_KSERVE_CLUSTER}', which is not configured; configured clusters are ${configured
        .map(c => `'${c.name}'`)
        .join(', ')}`,
    );
  }
  const client = clusters.forInstance(named);
  const cluster = client.cluster.name;
  return {
    entityRef,
    ref,
    cluster,
    client,
    locator: kserveInferenceServiceLocator(configured, cluster, ref),
    description: `InferenceService ${ref.namespace}/${ref.name} on cluster '${cluster}'`,
  };
}

/**
 * The InferenceService the target names, as the cluster has it.
 *
 * @param fresh - past the client's short read cache (what a write decides on)
 * @throws NotFoundError saying the cluster has no such InferenceService; the cluster's own
 * failures as the client throws them
 *
 * @internal
 */
export async function readInferenceService(
  target: ServingTarget,
  options: { fresh?: boolean } = {},
): Promise<InferenceServiceObject> {
  try {
    return await target.client.getInferenceService(target.ref, options);
  } catch (error) {
    throw asNotFound(error, target);
  }
}

/**
 * The cluster's 404 as the portal says it: which InferenceService, on which cluster; any other
 * error as it is.
 *
 * @internal
 */
export function asNotFound(error: unknown, target: ServingTarget): unknown {
  if ((error as Error | undefined)?.name !== 'NotFoundError') {
    return error;
  }
  const { namespace, name } = target.ref;
  return new NotFoundError(
    `InferenceService ${namespace}/${name} not found on cluster ${target.cluster}`,
  );
}
