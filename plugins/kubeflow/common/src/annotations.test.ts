import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBEFLOW_EXPERIMENT,
  ANNOTATION_KUBEFLOW_INSTANCE,
  ANNOTATION_KUBEFLOW_PIPELINE,
  MAX_KUBEFLOW_NAME_LENGTH,
  isKubeflowAvailable,
  isKubeflowId,
  parseKubeflowName,
  readKubeflowAnnotations,
} from './annotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detection-model', annotations },
  spec: {},
});

describe('readKubeflowAnnotations', () => {
  it('reads the pipeline, the experiment and the instance, trimmed', () => {
    expect(
      readKubeflowAnnotations(
        entity({
          [ANNOTATION_KUBEFLOW_PIPELINE]: '  fraud-detection-training ',
          [ANNOTATION_KUBEFLOW_EXPERIMENT]: 'fraud-detection',
          [ANNOTATION_KUBEFLOW_INSTANCE]: 'prod',
        }),
      ),
    ).toEqual({
      pipeline: 'fraud-detection-training',
      experiment: 'fraud-detection',
      instance: 'prod',
    });
  });

  it('leaves out what the entity does not say', () => {
    expect(readKubeflowAnnotations(entity({}))).toEqual({
      pipeline: undefined,
      experiment: undefined,
      instance: undefined,
    });
  });

  it.each([
    ['a blank pipeline', { [ANNOTATION_KUBEFLOW_PIPELINE]: '   ' }, /empty/],
    [
      'a pipeline name with a newline',
      { [ANNOTATION_KUBEFLOW_PIPELINE]: 'a\nb' },
      /control character/,
    ],
    [
      'an overlong experiment name',
      { [ANNOTATION_KUBEFLOW_EXPERIMENT]: 'x'.repeat(129) },
      /longer than 128/,
    ],
  ])(
    'refuses %s with an InputError naming the entity',
    (_, annotations, why) => {
      expect(() => readKubeflowAnnotations(entity(annotations))).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringMatching(why),
        }),
      );
      expect(() => readKubeflowAnnotations(entity(annotations))).toThrow(
        /fraud-detection-model/,
      );
    },
  );
});

describe('parseKubeflowName', () => {
  it('accepts names KFP accepts, up to the limit', () => {
    for (const name of [
      'train',
      'Fraud detection (XGBoost)',
      'x'.repeat(MAX_KUBEFLOW_NAME_LENGTH),
      'データ',
    ]) {
      expect(parseKubeflowName(name)).toBe(name);
    }
  });

  it('names what it checks in its messages', () => {
    expect(() => parseKubeflowName('', 'experiment name')).toThrow(
      'the experiment name is empty',
    );
  });
});

describe('isKubeflowId', () => {
  it('tells ids (UUIDs) from names', () => {
    expect(isKubeflowId('0f8c3c2e-7d8f-4b55-9a61-0c3d2b1e4f5a')).toBe(true);
    expect(isKubeflowId('0F8C3C2E-7D8F-4B55-9A61-0C3D2B1E4F5A')).toBe(true);
    expect(isKubeflowId('fraud-detection-training')).toBe(false);
    expect(isKubeflowId('0f8c3c2e-7d8f-4b55-9a61-0c3d2b1e4f5')).toBe(false);
  });
});

describe('isKubeflowAvailable', () => {
  it('is true for a pipeline or an experiment annotation, not for a blank one', () => {
    expect(
      isKubeflowAvailable(entity({ [ANNOTATION_KUBEFLOW_PIPELINE]: 'p' })),
    ).toBe(true);
    expect(
      isKubeflowAvailable(entity({ [ANNOTATION_KUBEFLOW_EXPERIMENT]: 'e' })),
    ).toBe(true);
    expect(
      isKubeflowAvailable(entity({ [ANNOTATION_KUBEFLOW_PIPELINE]: ' ' })),
    ).toBe(false);
    expect(
      isKubeflowAvailable(entity({ [ANNOTATION_KUBEFLOW_INSTANCE]: 'prod' })),
    ).toBe(false);
  });
});
