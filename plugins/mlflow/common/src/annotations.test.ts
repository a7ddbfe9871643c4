import { Entity } from '@backstage/catalog-model';
import { isMlflowAvailable, readMlflowAnnotations } from './annotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detection-model', annotations },
  spec: {},
});

describe('MLflow annotations', () => {
  it('is available with an experiment or a registered model', () => {
    expect(
      isMlflowAvailable(entity({ 'mlflow.org/experiment': 'fraud-detection' })),
    ).toBe(true);
    expect(
      isMlflowAvailable(
        entity({ 'mlflow.org/registered-model': 'fraud-detector' }),
      ),
    ).toBe(true);
    expect(isMlflowAvailable(entity({ 'mlflow.org/instance': 'prod' }))).toBe(
      false,
    );
    expect(isMlflowAvailable(entity({ 'mlflow.org/experiment': '  ' }))).toBe(
      false,
    );
  });

  it('reads the annotations and rejects blank values naming the entity', () => {
    expect(
      readMlflowAnnotations(
        entity({
          'mlflow.org/registered-model': 'fraud-detector',
          'mlflow.org/instance': 'prod',
        }),
      ),
    ).toEqual({
      registeredModel: 'fraud-detector',
      instance: 'prod',
      experiment: undefined,
    });
    expect(() =>
      readMlflowAnnotations(entity({ 'mlflow.org/experiment': ' ' })),
    ).toThrow(/fraud-detection-model.*mlflow\.org\/experiment/);
  });
});
