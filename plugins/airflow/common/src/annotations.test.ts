import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_AIRFLOW_DAG_ID,
  ANNOTATION_AIRFLOW_INSTANCE,
  isAirflowAvailable,
  readAirflowAnnotations,
} from './annotations';
import { airflowPermissions } from './permissions';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-model', annotations },
});

describe('readAirflowAnnotations', () => {
  it('reads one DAG id, several comma-separated ids and the instance', () => {
    expect(
      readAirflowAnnotations(
        entity({ [ANNOTATION_AIRFLOW_DAG_ID]: 'fraud_detection_training' }),
      ),
    ).toEqual({ dagIds: ['fraud_detection_training'], instance: undefined });
    expect(
      readAirflowAnnotations(
        entity({
          [ANNOTATION_AIRFLOW_DAG_ID]: ' train.v2 , refresh-features',
          [ANNOTATION_AIRFLOW_INSTANCE]: 'prod',
        }),
      ),
    ).toEqual({ dagIds: ['train.v2', 'refresh-features'], instance: 'prod' });
    expect(readAirflowAnnotations(entity({}))).toEqual({
      dagIds: undefined,
      instance: undefined,
    });
  });

  it.each([
    ['', /is empty/],
    ['a,,b', /DAG id 2 of "a,,b" is empty/],
    ['a,', /DAG id 2 .* is empty/],
    ['train model', /"train model" is not an Airflow DAG id/],
    ['a, a', /"a" is listed twice/],
    ['x'.repeat(251), /at most 250 characters/],
  ])('refuses %j as an InputError naming the entity', (value, message) => {
    const read = () =>
      readAirflowAnnotations(entity({ [ANNOTATION_AIRFLOW_DAG_ID]: value }));
    expect(read).toThrow(InputError);
    expect(read).toThrow(
      /Entity 'component:default\/fraud-model' has a malformed 'airflow.apache.org\/dag-id' annotation/,
    );
    expect(read).toThrow(message);
  });

  it('says whether an entity names a DAG', () => {
    expect(
      isAirflowAvailable(entity({ [ANNOTATION_AIRFLOW_DAG_ID]: 'a' })),
    ).toBe(true);
    expect(
      isAirflowAvailable(entity({ [ANNOTATION_AIRFLOW_DAG_ID]: ' ' })),
    ).toBe(false);
    expect(isAirflowAvailable(entity({}))).toBe(false);
  });
});

describe('airflowPermissions', () => {
  it('lists the writes, each on the DAG entity', () => {
    expect(
      airflowPermissions.map(p => [
        p.name,
        p.attributes.action,
        p.resourceType,
      ]),
    ).toEqual([
      ['airflow.dag.trigger', 'update', 'catalog-entity'],
      ['airflow.dag.pause', 'update', 'catalog-entity'],
      ['airflow.dag.clear', 'update', 'catalog-entity'],
    ]);
  });
});
