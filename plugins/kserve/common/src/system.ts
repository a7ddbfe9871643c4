import { defineMlopsSystem } from '@mlops-portal/plugin-mlops-common';

/**
 * KServe, as the MLOps kit knows it: config key `kserve`, annotations under `kserve.io/`. Its
 * instances are the clusters of Backstage's own `kubernetes:` config.
 *
 * @public
 */
export const KSERVE_SYSTEM = defineMlopsSystem({
  id: 'kserve',
  title: 'KServe',
  annotationPrefix: 'kserve.io',
  instanceNoun: 'cluster',
  instancesConfigKey: 'kubernetes.clusterLocatorMethods',
});

/**
 * `spec.type` of a Component ingested from an InferenceService.
 *
 * @public
 */
export const SPEC_TYPE_MODEL_SERVER = 'model-server';

/**
 * The API group and version of the InferenceServices the suite reads.
 *
 * @public
 */
export const INFERENCE_SERVICE_API_VERSION = 'serving.kserve.io/v1beta1';
