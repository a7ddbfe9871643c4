/**
 * The upstream systems the MLOps Portal integrates.
 *
 * @public
 */
export type MlopsSystem =
  | 'mlflow'
  | 'airflow'
  | 'kubeflow'
  | 'kserve'
  | 'feast';

/**
 * Every {@link MlopsSystem}, in a stable order.
 *
 * @public
 */
export const MLOPS_SYSTEMS: readonly MlopsSystem[] = [
  'mlflow',
  'airflow',
  'kubeflow',
  'kserve',
  'feast',
];

/**
 * The annotation key prefix each system owns, e.g. `mlflow.org` for `mlflow.org/instance`.
 *
 * @public
 */
export const MLOPS_ANNOTATION_PREFIXES: Readonly<Record<MlopsSystem, string>> =
  {
    mlflow: 'mlflow.org',
    airflow: 'airflow.apache.org',
    kubeflow: 'kubeflow.org',
    kserve: 'kserve.io',
    feast: 'feast.dev',
  };
