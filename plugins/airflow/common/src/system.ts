import { defineMlopsSystem } from '@mlops-portal/plugin-mlops-common';

/**
 * Apache Airflow, as the MLOps kit knows it: config key `airflow`, annotations under
 * `airflow.apache.org/`.
 *
 * @public
 */
export const AIRFLOW_SYSTEM = defineMlopsSystem({
  id: 'airflow',
  title: 'Apache Airflow',
  annotationPrefix: 'airflow.apache.org',
});

/**
 * `spec.type` of a Resource ingested from an Airflow DAG.
 *
 * @public
 */
export const SPEC_TYPE_AIRFLOW_DAG = 'airflow-dag';
