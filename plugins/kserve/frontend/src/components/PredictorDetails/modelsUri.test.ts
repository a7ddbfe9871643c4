import { parseModelsUri } from './modelsUri';

describe('parseModelsUri', () => {
  it.each([
    ['models:/fraud-detector/5', { name: 'fraud-detector', version: '5' }],
    [
      'models:/fraud-detector/Production',
      { name: 'fraud-detector', version: 'Production' },
    ],
    [
      'models:/fraud-detector@champion',
      { name: 'fraud-detector', alias: 'champion' },
    ],
    // the last separator splits, as MLflow reads it
    ['models:/team/fraud/3', { name: 'team/fraud', version: '3' }],
    ['models:/a@b/4', { name: 'a@b', version: '4' }],
    ['models:///fraud-detector/5', { name: 'fraud-detector', version: '5' }],
  ])('reads %p', (uri, expected) => {
    expect(parseModelsUri(uri)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    's3://models/fraud-detector',
    'gs://bucket/models:/x/1',
    'models:/',
    'models:/fraud-detector',
    'models:/fraud-detector/',
    'models:/fraud-detector@',
    'models:/@champion',
  ])('is not a registered model: %p', uri => {
    expect(parseModelsUri(uri)).toBeUndefined();
  });
});
