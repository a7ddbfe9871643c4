import {
  normalizeArtifactSource,
  parseModelsUri,
  registeredModelReference,
} from './modelReferences';

describe('parseModelsUri', () => {
  it.each([
    ['models:/fraud-detector/5', { model: 'fraud-detector', version: '5' }],
    [
      'models:/fraud-detector/latest',
      { model: 'fraud-detector', version: 'latest' },
    ],
    [
      'models:/fraud-detector/Production',
      { model: 'fraud-detector', version: 'Production' },
    ],
    [
      'models:/fraud-detector@champion',
      { model: 'fraud-detector', alias: 'champion' },
    ],
    ['models:/Fraud Detector@prod', { model: 'Fraud Detector', alias: 'prod' }],
  ])('reads %s', (uri, expected) => {
    expect(parseModelsUri(uri)).toEqual(expected);
  });

  it.each([
    ['s3://models/fraud-detector'],
    ['models:/m-0123456789abcdef'], // an MLflow 3 logged model, not a registered one
    ['models:/fraud-detector/5/extra'],
    ['models:/fraud-detector/'],
    ['models:/@champion'],
    ['models:/fraud-detector@'],
    ['models:/a/b@c'],
    ['models:/'],
  ])('names no registered model version in %s', uri => {
    expect(parseModelsUri(uri)).toBeUndefined();
  });
});

describe('registeredModelReference', () => {
  it('takes the mlflow.org/registered-model annotation first, whatever the storageUri', () => {
    expect(
      registeredModelReference(
        { 'mlflow.org/registered-model': ' fraud-detector ' },
        'models:/other/1',
      ),
    ).toEqual({ model: 'fraud-detector' });
  });

  it('reads a models:/ storageUri, with the instance annotation', () => {
    expect(
      registeredModelReference(
        { 'mlflow.org/instance': 'staging' },
        'models:/fraud-detector@champion',
      ),
    ).toEqual({ instance: 'staging', model: 'fraud-detector' });
  });

  it('looks any other storageUri up as an artifact source', () => {
    expect(
      registeredModelReference({}, ' s3://mlflow/1/abc/artifacts/model/ '),
    ).toEqual({ artifactSource: 's3://mlflow/1/abc/artifacts/model' });
  });

  it('names none without a storageUri or annotation, or for a logged model', () => {
    expect(registeredModelReference({}, undefined)).toBeUndefined();
    expect(registeredModelReference({}, '  ')).toBeUndefined();
    expect(
      registeredModelReference(
        { 'mlflow.org/registered-model': ' ' },
        undefined,
      ),
    ).toBeUndefined();
    expect(registeredModelReference({}, 'models:/m-abc')).toBeUndefined();
  });
});

describe('normalizeArtifactSource', () => {
  it('drops surrounding blanks and trailing slashes only', () => {
    expect(normalizeArtifactSource(' s3://b/p// ')).toBe('s3://b/p');
    expect(normalizeArtifactSource('gs://b/P')).toBe('gs://b/P');
  });
});
