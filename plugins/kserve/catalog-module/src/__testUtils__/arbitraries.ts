import { InferenceServiceObject } from '@mlops-portal/plugin-kserve-node';
import { buildInferenceServiceObject } from '@mlops-portal/plugin-kserve-node/testUtils';
import fc from 'fast-check';

/** A DNS-1123 label, as every namespace and InferenceService name is. */
export const arbitraryDnsLabel = fc.stringMatching(
  /^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/,
);

/** Fields of an InferenceService the CRD leaves optional (and `spec.predictor`, which it requires). */
const OPTIONAL_PATHS = [
  'metadata.uid',
  'metadata.labels',
  'metadata.annotations',
  'metadata.generation',
  'metadata.creationTimestamp',
  'spec.predictor',
  'spec.predictor.model',
  'spec.predictor.model.modelFormat',
  'spec.predictor.model.modelFormat.name',
  'spec.predictor.model.runtime',
  'spec.predictor.model.protocolVersion',
  'spec.predictor.model.storageUri',
  'spec.predictor.canaryTrafficPercent',
  'spec.predictor.minReplicas',
  'status',
  'status.url',
  'status.address',
  'status.conditions',
  'status.components',
  'status.components.predictor.traffic',
  'status.modelStatus',
  'status.deploymentMode',
  'status.observedGeneration',
] as const;

/** What happens to one optional field: removed, or replaced by any JSON value. */
type Change = { path: string; value?: unknown };

function apply(object: InferenceServiceObject, change: Change): void {
  const keys = change.path.split('.');
  let parent: any = object;
  for (const key of keys.slice(0, -1)) {
    parent = parent?.[key];
    if (
      typeof parent !== 'object' ||
      parent === null ||
      Array.isArray(parent)
    ) {
      return;
    }
  }
  const last = keys[keys.length - 1];
  if (!(last in parent) && change.value === undefined) {
    return;
  }
  if ('value' in change) {
    parent[last] = change.value;
  } else {
    delete parent[last];
  }
}

const arbitraryStorageUri = fc.oneof(
  fc.constantFrom(
    'models:/fraud-detector/5',
    'models:/fraud-detector@champion',
    'models:/Fraud Detector/latest',
    'models:/m-0123456789',
    's3://mlflow/1/run-5/artifacts/model',
    'pvc://models/fraud',
    'https://user:pw@models.example.com/m.joblib',
  ),
  fc.string(),
);

/** Label and annotation values any user may write, owners and models included. */
const arbitraryMetadataValue = fc.oneof(
  fc.constantFrom(
    'fraud-detection',
    'user:default/jane.doe',
    'group:risk',
    'api:default/x',
    'staging',
    'fraud-detector',
    '',
  ),
  fc.string(),
);

/**
 * InferenceServices as any API server holding the CRD could return them, and then some: a
 * built object in any state, with any subset of its optional fields removed or replaced by any
 * JSON value, and any owner, lifecycle and MLflow labels and annotations.
 */
export const arbitraryInferenceService = (namespace: fc.Arbitrary<string>) =>
  fc
    .record({
      namespace,
      name: arbitraryDnsLabel,
      state: fc.constantFrom(
        'ready',
        'canary',
        'degraded',
        'failed',
        'progressing',
        'stopped',
        'no-status',
      ) as fc.Arbitrary<'ready'>,
      deploymentMode: fc.constantFrom(
        'Serverless',
        'RawDeployment',
        'Standard',
      ) as fc.Arbitrary<'Serverless'>,
      canaryPercent: fc.integer({ min: 0, max: 100 }),
      storageUri: arbitraryStorageUri,
      modelFormat: fc.oneof(
        fc.constantFrom('sklearn', 'xgboost', 'huggingface'),
        fc.string(),
      ),
      protocolVersion: fc.constantFrom('v1', 'v2', 'grpc-v2', 'v3'),
      labels: fc.dictionary(
        fc.constantFrom('owner', 'app.kubernetes.io/lifecycle', 'team'),
        arbitraryMetadataValue,
      ),
      annotations: fc.dictionary(
        fc.constantFrom(
          'backstage.io/owner',
          'mlflow.org/registered-model',
          'mlflow.org/instance',
          'serving.kserve.io/stop',
        ),
        arbitraryMetadataValue,
      ),
      changes: fc.array(
        fc.record(
          { path: fc.constantFrom(...OPTIONAL_PATHS), value: fc.jsonValue() },
          { requiredKeys: ['path'] },
        ),
        { maxLength: 4 },
      ),
    })
    .map(({ changes, ...fixture }) => {
      const object = buildInferenceServiceObject(fixture);
      for (const change of changes) {
        apply(object, change);
      }
      return object;
    });
