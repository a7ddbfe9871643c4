import { defineMlopsSystem } from '@mlops-portal/plugin-mlops-common';

/** Systems as their `-common` packages define them, for the kit's own tests. */
export const testSystems = {
  mlflow: defineMlopsSystem({
    id: 'mlflow',
    title: 'MLflow',
    annotationPrefix: 'mlflow.org',
  }),
  airflow: defineMlopsSystem({
    id: 'airflow',
    title: 'Airflow',
    annotationPrefix: 'airflow.apache.org',
  }),
  kubeflow: defineMlopsSystem({
    id: 'kubeflow',
    title: 'Kubeflow Pipelines',
    annotationPrefix: 'kubeflow.org',
  }),
};
