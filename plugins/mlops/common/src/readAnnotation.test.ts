import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { parseNamespacedName } from './namespacedName';
import {
  readAnnotation,
  readInstanceAnnotation,
  requireAnnotation,
} from './readAnnotation';
import { defineMlopsSystem } from './systems';

const ANNOTATION_AIRFLOW_DAG_ID = 'airflow.apache.org/dag-id';
const ANNOTATION_KSERVE_INFERENCE_SERVICE = 'kserve.io/inference-service';
const ANNOTATION_MLFLOW_INSTANCE = 'mlflow.org/instance';
const ANNOTATION_MLFLOW_REGISTERED_MODEL = 'mlflow.org/registered-model';
const mlflow = defineMlopsSystem({
  id: 'mlflow',
  title: 'MLflow',
  annotationPrefix: 'mlflow.org',
});
const airflow = defineMlopsSystem({
  id: 'airflow',
  title: 'Airflow',
  annotationPrefix: 'airflow.apache.org',
});
const kubeflow = defineMlopsSystem({
  id: 'kubeflow',
  title: 'Kubeflow',
  annotationPrefix: 'kubeflow.org',
});

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'fraud-detector', namespace: 'ml', annotations },
    spec: {},
  };
}

describe('readAnnotation', () => {
  it('returns undefined when the annotation is absent', () => {
    expect(
      readAnnotation(entityWith({}), ANNOTATION_MLFLOW_REGISTERED_MODEL),
    ).toBeUndefined();
  });

  it('returns the value as written, surrounding spaces included', () => {
    const entity = entityWith({
      [ANNOTATION_MLFLOW_REGISTERED_MODEL]: 'fraud_model ',
    });
    expect(readAnnotation(entity, ANNOTATION_MLFLOW_REGISTERED_MODEL)).toBe(
      'fraud_model ',
    );
  });

  it.each([[''], ['   '], ['\t\n']])(
    'rejects the empty value %j, naming entity, key and value',
    value => {
      const entity = entityWith({ [ANNOTATION_AIRFLOW_DAG_ID]: value });
      expect(() => readAnnotation(entity, ANNOTATION_AIRFLOW_DAG_ID)).toThrow(
        InputError,
      );
      expect(() => readAnnotation(entity, ANNOTATION_AIRFLOW_DAG_ID)).toThrow(
        `Entity 'component:ml/fraud-detector' has a malformed ` +
          `'airflow.apache.org/dag-id' annotation: ${JSON.stringify(
            value,
          )} is empty; expected a non-empty value`,
      );
    },
  );

  it('parses the value when given a parser', () => {
    const entity = entityWith({
      [ANNOTATION_KSERVE_INFERENCE_SERVICE]: 'models/fraud-v2',
    });
    expect(
      readAnnotation(
        entity,
        ANNOTATION_KSERVE_INFERENCE_SERVICE,
        parseNamespacedName,
      ),
    ).toEqual({ namespace: 'models', name: 'fraud-v2' });
  });

  it('reports a parser failure with entity ref, key, value and expectation', () => {
    const entity = entityWith({
      [ANNOTATION_KSERVE_INFERENCE_SERVICE]: 'fraud-v2',
    });
    const read = () =>
      readAnnotation(
        entity,
        ANNOTATION_KSERVE_INFERENCE_SERVICE,
        parseNamespacedName,
      );
    expect(read).toThrow(InputError);
    expect(read).toThrow(
      /^Entity 'component:ml\/fraud-detector' has a malformed 'kserve.io\/inference-service' annotation: "fraud-v2" is not a namespaced name; expected '<namespace>\/<name>'/,
    );
  });

  it('rejects a parser-less empty value even when a parser would accept it', () => {
    const entity = entityWith({ key: ' ' });
    expect(() => readAnnotation(entity, 'key', v => v)).toThrow(/is empty/);
  });
});

describe('requireAnnotation', () => {
  it('returns the (parsed) value when present', () => {
    const entity = entityWith({
      [ANNOTATION_MLFLOW_REGISTERED_MODEL]: 'Fraud Model',
      [ANNOTATION_KSERVE_INFERENCE_SERVICE]: 'models/fraud',
    });
    expect(requireAnnotation(entity, ANNOTATION_MLFLOW_REGISTERED_MODEL)).toBe(
      'Fraud Model',
    );
    expect(
      requireAnnotation(
        entity,
        ANNOTATION_KSERVE_INFERENCE_SERVICE,
        parseNamespacedName,
      ).name,
    ).toBe('fraud');
  });

  it('throws InputError naming entity and key when absent', () => {
    expect(() =>
      requireAnnotation(entityWith({}), ANNOTATION_MLFLOW_REGISTERED_MODEL),
    ).toThrow(
      new InputError(
        "Entity 'component:ml/fraud-detector' has no 'mlflow.org/registered-model' annotation",
      ),
    );
  });
});

describe('readInstanceAnnotation', () => {
  it('reads <prefix>/instance for the given system only', () => {
    const entity = entityWith({ [ANNOTATION_MLFLOW_INSTANCE]: 'staging' });
    expect(readInstanceAnnotation(entity, mlflow)).toBe('staging');
    expect(readInstanceAnnotation(entity, airflow)).toBeUndefined();
  });

  it('rejects an empty instance name', () => {
    const entity = entityWith({ 'kubeflow.org/instance': ' ' });
    expect(() => readInstanceAnnotation(entity, kubeflow)).toThrow(
      /'kubeflow.org\/instance' annotation: " " is empty/,
    );
  });
});
