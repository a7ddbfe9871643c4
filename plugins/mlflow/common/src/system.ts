import { defineMlopsSystem } from '@mlops-portal/plugin-mlops-common';

/**
 * MLflow, as the MLOps kit knows it: config key `mlflow`, annotations under `mlflow.org/`.
 *
 * @public
 */
export const MLFLOW_SYSTEM = defineMlopsSystem({
  id: 'mlflow',
  title: 'MLflow',
  annotationPrefix: 'mlflow.org',
});

/**
 * `spec.type` of a Resource ingested from an MLflow registered model.
 *
 * @public
 */
export const SPEC_TYPE_ML_MODEL = 'ml-model';
