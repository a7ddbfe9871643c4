import { defineMlopsSystem } from '@mlops-portal/plugin-mlops-common';

/**
 * Kubeflow Pipelines, as the MLOps kit knows it: config key `kubeflow`, annotations under
 * `kubeflow.org/`.
 *
 * @public
 */
export const KUBEFLOW_SYSTEM = defineMlopsSystem({
  id: 'kubeflow',
  title: 'Kubeflow Pipelines',
  annotationPrefix: 'kubeflow.org',
});

/**
 * `spec.type` of a Resource ingested from a Kubeflow pipeline.
 *
 * @public
 */
export const SPEC_TYPE_KUBEFLOW_PIPELINE = 'kubeflow-pipeline';
