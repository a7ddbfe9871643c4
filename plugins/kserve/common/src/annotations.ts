import { Entity } from '@backstage/catalog-model';
import {
  NamespacedName,
  parseNamespacedName,
  readAnnotation,
} from '@mlops-portal/plugin-mlops-common';

/**
 * Names the InferenceService an entity represents or serves through: `namespace/name`.
 *
 * @public
 */
export const ANNOTATION_KSERVE_INFERENCE_SERVICE =
  'kserve.io/inference-service';

/**
 * Picks the cluster (a `name` of the `kubernetes:` config) where there are several; KServe's
 * instances are clusters, so this is its `<prefix>/instance` annotation.
 *
 * @public
 */
export const ANNOTATION_KSERVE_CLUSTER = 'kserve.io/cluster';

/**
 * The uid of the InferenceService an ingested `model-server` Component stands for; written by
 * the KServe catalog provider only.
 *
 * @public
 */
export const ANNOTATION_KSERVE_UID = 'kserve.io/uid';

/**
 * The KServe annotations of an entity.
 *
 * @public
 */
export interface KserveAnnotations {
  /** `kserve.io/inference-service`, parsed. */
  inferenceService?: NamespacedName;
  /** `kserve.io/cluster`. */
  cluster?: string;
}

/**
 * Reads the KServe annotations of an entity; a blank or malformed value is an `InputError`
 * naming the entity and the annotation.
 *
 * @public
 */
export function readKserveAnnotations(entity: Entity): KserveAnnotations {
  return {
    inferenceService: readAnnotation(
      entity,
      ANNOTATION_KSERVE_INFERENCE_SERVICE,
      parseNamespacedName,
    ),
    cluster: readAnnotation(entity, ANNOTATION_KSERVE_CLUSTER),
  };
}

/**
 * Whether an entity carries a `kserve.io/inference-service` annotation.
 *
 * @public
 */
export function isKserveAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[ANNOTATION_KSERVE_INFERENCE_SERVICE]?.trim(),
  );
}
