import { Entity } from '@backstage/catalog-model';
import {
  instanceAnnotationKey,
  readAnnotation,
} from '@mlops-portal/plugin-mlops-common';
import { KUBEFLOW_SYSTEM } from './system';

/**
 * Names the Kubeflow pipeline an entity represents or uses: its name (`display_name`, unique in
 * its namespace) or its id.
 *
 * @public
 */
export const ANNOTATION_KUBEFLOW_PIPELINE = 'kubeflow.org/pipeline';

/**
 * Names the Kubeflow experiment whose runs an entity shows: its name or its id.
 *
 * @public
 */
export const ANNOTATION_KUBEFLOW_EXPERIMENT = 'kubeflow.org/experiment';

/**
 * Picks the Kubeflow Pipelines instance (by configured name) where there are several.
 *
 * @public
 */
export const ANNOTATION_KUBEFLOW_INSTANCE =
  instanceAnnotationKey(KUBEFLOW_SYSTEM);

/**
 * The id of the pipeline an ingested `kubeflow-pipeline` Resource stands for; written by the
 * Kubeflow catalog provider only.
 *
 * @public
 */
export const ANNOTATION_KUBEFLOW_PIPELINE_ID = 'kubeflow.org/pipeline-id';

/**
 * The longest pipeline or experiment name the portal accepts (KFP stores names in a
 * `VARCHAR(128)` column).
 *
 * @public
 */
export const MAX_KUBEFLOW_NAME_LENGTH = 128;

// Anything printable; KFP names are free text, but a control character is always a mistake.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Checks a pipeline or experiment name (or id) as written in an annotation or action input:
 * trimmed, non-empty, at most {@link MAX_KUBEFLOW_NAME_LENGTH} characters, no control
 * characters; throws an Error saying what is wrong.
 *
 * @public
 */
export function parseKubeflowName(value: string, what = 'name'): string {
  const name = value.trim();
  if (name === '') {
    throw new Error(`the ${what} is empty`);
  }
  if (name.length > MAX_KUBEFLOW_NAME_LENGTH) {
    throw new Error(
      `the ${what} ${JSON.stringify(name.slice(0, 40))}… is longer than ` +
        `${MAX_KUBEFLOW_NAME_LENGTH} characters`,
    );
  }
  if (CONTROL_CHARACTER.test(name)) {
    throw new Error(
      `the ${what} ${JSON.stringify(name)} contains a control character`,
    );
  }
  return name;
}

// KFP ids are UUIDs (pipelines, versions, experiments, runs, recurring runs).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value is a KFP id (a UUID) rather than a name.
 *
 * @public
 */
export function isKubeflowId(value: string): boolean {
  return UUID.test(value);
}

/**
 * The Kubeflow annotations of an entity.
 *
 * @public
 */
export interface KubeflowAnnotations {
  /** `kubeflow.org/pipeline`: a pipeline name or id. */
  pipeline?: string;
  /** `kubeflow.org/experiment`: an experiment name or id. */
  experiment?: string;
  /** `kubeflow.org/instance`. */
  instance?: string;
}

/**
 * Reads the Kubeflow annotations of an entity; a blank or malformed value is an `InputError`
 * naming the entity and the annotation.
 *
 * @public
 */
export function readKubeflowAnnotations(entity: Entity): KubeflowAnnotations {
  return {
    pipeline: readAnnotation(entity, ANNOTATION_KUBEFLOW_PIPELINE, value =>
      parseKubeflowName(value, 'pipeline name'),
    ),
    experiment: readAnnotation(entity, ANNOTATION_KUBEFLOW_EXPERIMENT, value =>
      parseKubeflowName(value, 'experiment name'),
    ),
    instance: readAnnotation(entity, ANNOTATION_KUBEFLOW_INSTANCE),
  };
}

/**
 * Whether an entity carries a Kubeflow pipeline or experiment annotation.
 *
 * @public
 */
export function isKubeflowAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_KUBEFLOW_PIPELINE]?.trim() ||
      annotations[ANNOTATION_KUBEFLOW_EXPERIMENT]?.trim(),
  );
}
