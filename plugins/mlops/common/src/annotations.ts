import { MLOPS_ANNOTATION_PREFIXES, MlopsSystem } from './systems';

/**
 * Names the MLflow registered model an entity represents or uses.
 *
 * @public
 */
export const ANNOTATION_MLFLOW_REGISTERED_MODEL = 'mlflow.org/registered-model';

/**
 * Names the MLflow experiment (name or id) a Component logs its runs to.
 *
 * @public
 */
export const ANNOTATION_MLFLOW_EXPERIMENT = 'mlflow.org/experiment';

/**
 * Names the Airflow DAG (its `dag_id`) an entity represents or uses.
 *
 * @public
 */
export const ANNOTATION_AIRFLOW_DAG_ID = 'airflow.apache.org/dag-id';

/**
 * Names the Kubeflow pipeline (name or id) an entity represents or uses.
 *
 * @public
 */
export const ANNOTATION_KUBEFLOW_PIPELINE = 'kubeflow.org/pipeline';

/**
 * Names the KServe InferenceService as `namespace/name`.
 *
 * @public
 */
export const ANNOTATION_KSERVE_INFERENCE_SERVICE =
  'kserve.io/inference-service';

/**
 * Names the Feast feature view an entity represents or uses.
 *
 * @public
 */
export const ANNOTATION_FEAST_FEATURE_VIEW = 'feast.dev/feature-view';

/**
 * Picks the MLflow instance (by configured name) where there are several.
 *
 * @public
 */
export const ANNOTATION_MLFLOW_INSTANCE = 'mlflow.org/instance';

/**
 * Picks the Airflow instance (by configured name) where there are several.
 *
 * @public
 */
export const ANNOTATION_AIRFLOW_INSTANCE = 'airflow.apache.org/instance';

/**
 * Picks the Kubeflow Pipelines instance (by configured name) where there are several.
 *
 * @public
 */
export const ANNOTATION_KUBEFLOW_INSTANCE = 'kubeflow.org/instance';

/**
 * Picks the Kubernetes cluster (by configured name) that serves a KServe InferenceService.
 *
 * @public
 */
export const ANNOTATION_KSERVE_INSTANCE = 'kserve.io/instance';

/**
 * Picks the Feast instance (by configured name) where there are several.
 *
 * @public
 */
export const ANNOTATION_FEAST_INSTANCE = 'feast.dev/instance';

/**
 * Returns the `<prefix>/instance` annotation key of a system, e.g. `mlflow.org/instance`.
 *
 * @public
 */
export function instanceAnnotationKey(system: MlopsSystem): string {
  return `${MLOPS_ANNOTATION_PREFIXES[system]}/instance`;
}
