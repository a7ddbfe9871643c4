import { MLOPS_SYSTEMS } from './systems';
import {
  ANNOTATION_AIRFLOW_INSTANCE,
  ANNOTATION_FEAST_INSTANCE,
  ANNOTATION_KSERVE_INSTANCE,
  ANNOTATION_KUBEFLOW_INSTANCE,
  ANNOTATION_MLFLOW_INSTANCE,
  instanceAnnotationKey,
} from './annotations';

describe('instanceAnnotationKey', () => {
  it('matches the exported constant of every system', () => {
    expect(MLOPS_SYSTEMS.map(instanceAnnotationKey)).toEqual([
      ANNOTATION_MLFLOW_INSTANCE,
      ANNOTATION_AIRFLOW_INSTANCE,
      ANNOTATION_KUBEFLOW_INSTANCE,
      ANNOTATION_KSERVE_INSTANCE,
      ANNOTATION_FEAST_INSTANCE,
    ]);
    expect(instanceAnnotationKey('airflow')).toBe(
      'airflow.apache.org/instance',
    );
  });
});
