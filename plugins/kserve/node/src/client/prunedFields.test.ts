import { prunedFields } from './prunedFields';

describe('prunedFields', () => {
  it('names the leaves the stored object lacks, lists by index, odd keys quoted', () => {
    expect(
      prunedFields(
        {
          metadata: {
            name: 'a',
            annotations: { 'serving.kserve.io/x': 'y', kept: 'z' },
          },
          spec: {
            predictor: {
              model: { storageURI: 's3://x', storageUri: 's3://x' },
              containers: [{ name: 'c', env: [{ name: 'A', typo: 1 }] }],
            },
          },
        },
        {
          metadata: { name: 'a', annotations: { kept: 'z' } },
          spec: {
            predictor: {
              model: { storageUri: 's3://x' },
              containers: [{ name: 'c', env: [{ name: 'A' }] }],
            },
          },
        },
      ),
    ).toEqual([
      'metadata.annotations["serving.kserve.io/x"]',
      'spec.predictor.model.storageURI',
      'spec.predictor.containers[0].env[0].typo',
    ]);
  });

  it('leaves out server-managed metadata, nulls, empty maps, status and changed values', () => {
    expect(
      prunedFields(
        {
          metadata: { name: 'a', resourceVersion: '5', uid: 'u', labels: {} },
          spec: {
            predictor: { minReplicas: null, maxReplicas: 3, tolerations: [] },
          },
          status: { url: 'http://x' },
        },
        { metadata: { name: 'a' }, spec: { predictor: { maxReplicas: 1 } } },
      ),
    ).toEqual([]);
  });

  it('names a whole subtree once when its root is gone', () => {
    expect(
      prunedFields({ spec: { bogus: { deep: { deeper: 1 } } } }, { spec: {} }),
    ).toEqual(['spec.bogus']);
  });
});
