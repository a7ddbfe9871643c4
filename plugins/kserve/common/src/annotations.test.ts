import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KSERVE_CLUSTER,
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
  isKserveAvailable,
  readKserveAnnotations,
} from './annotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detection-model', annotations },
  spec: {},
});

describe('readKserveAnnotations', () => {
  it('reads the namespaced name and the cluster', () => {
    expect(
      readKserveAnnotations(
        entity({
          [ANNOTATION_KSERVE_INFERENCE_SERVICE]:
            'fraud-detection/fraud-detector',
          [ANNOTATION_KSERVE_CLUSTER]: 'prod-eu',
        }),
      ),
    ).toEqual({
      inferenceService: {
        namespace: 'fraud-detection',
        name: 'fraud-detector',
      },
      cluster: 'prod-eu',
    });
  });

  it('says which annotation is malformed', () => {
    expect(() =>
      readKserveAnnotations(
        entity({ [ANNOTATION_KSERVE_INFERENCE_SERVICE]: 'fraud-detector' }),
      ),
    ).toThrow(/malformed 'kserve.io\/inference-service' annotation/);
  });

  it('is available only with an InferenceService annotation', () => {
    expect(
      isKserveAvailable(
        entity({ [ANNOTATION_KSERVE_INFERENCE_SERVICE]: 'a/b' }),
      ),
    ).toBe(true);
    expect(
      isKserveAvailable(entity({ [ANNOTATION_KSERVE_CLUSTER]: 'prod' })),
    ).toBe(false);
    expect(
      isKserveAvailable(entity({ [ANNOTATION_KSERVE_INFERENCE_SERVICE]: ' ' })),
    ).toBe(false);
  });
});
