/**
 * `spec.type` of a Resource ingested from an MLflow registered model.
 *
 * @public
 */
export const SPEC_TYPE_ML_MODEL = 'ml-model';

/**
 * `spec.type` of a Resource ingested from an Airflow DAG.
 *
 * @public
 */
export const SPEC_TYPE_AIRFLOW_DAG = 'airflow-dag';

/**
 * `spec.type` of a Resource ingested from a Kubeflow pipeline.
 *
 * @public
 */
export const SPEC_TYPE_KUBEFLOW_PIPELINE = 'kubeflow-pipeline';

/**
 * `spec.type` of a Component ingested from a KServe InferenceService.
 *
 * @public
 */
export const SPEC_TYPE_MODEL_SERVER = 'model-server';

/**
 * `spec.type` of a Resource ingested from a Feast feature view.
 *
 * @public
 */
export const SPEC_TYPE_FEATURE_VIEW = 'feature-view';
