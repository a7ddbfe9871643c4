import { InputError } from '@backstage/errors';
import { instanceAnnotationKey } from './annotations';
import { defineMlopsSystem } from './systems';

describe('defineMlopsSystem', () => {
  it('returns a frozen definition whose instance annotation uses its prefix', () => {
    const system = defineMlopsSystem({
      id: 'airflow',
      title: 'Apache Airflow',
      annotationPrefix: 'airflow.apache.org',
    });
    expect(Object.isFrozen(system)).toBe(true);
    expect(instanceAnnotationKey(system)).toBe('airflow.apache.org/instance');
  });

  it.each([['Airflow'], ['9lives'], [''], ['a-b'], ['x'.repeat(33)]])(
    'rejects the id %j',
    id => {
      expect(() =>
        defineMlopsSystem({ id, title: 'X', annotationPrefix: 'x.org' }),
      ).toThrow(InputError);
    },
  );

  it.each([['Mlflow.org'], ['mlflow.org/'], ['-mlflow.org'], ['']])(
    'rejects the annotation prefix %j',
    annotationPrefix => {
      expect(() =>
        defineMlopsSystem({ id: 'mlflow', title: 'MLflow', annotationPrefix }),
      ).toThrow(/Invalid annotation prefix/);
    },
  );
});
