import fc from 'fast-check';
import {
  describeInferenceService,
  readInferenceService,
  readInferenceServiceOutline,
} from './describe';
import { MalformedObjectError } from './read';

const base = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'iris', namespace: 'team-a' },
};

/** Runs a read that may fail only with a MalformedObjectError. */
function expectOnlyMalformedObjectErrors(read: () => unknown): void {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(thrown === undefined || thrown instanceof MalformedObjectError).toBe(
    true,
  );
}

describe('describeInferenceService', () => {
  it('reads the predictor of the model spec and of the older framework spec', () => {
    const modern = describeInferenceService(
      {
        ...base,
        spec: {
          predictor: {
            canaryTrafficPercent: 10,
            minReplicas: 1,
            model: {
              modelFormat: { name: 'sklearn', version: '1' },
              runtime: 'kserve-sklearnserver',
              protocolVersion: 'v2',
              storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
            },
          },
        },
      },
      'prod',
    );
    expect(modern.predictor).toEqual({
      modelFormat: 'sklearn',
      modelFormatVersion: '1',
      runtime: 'kserve-sklearnserver',
      protocolVersion: 'v2',
      storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
      canaryTrafficPercent: 10,
      minReplicas: 1,
      maxReplicas: undefined,
    });
    expect(modern.protocol).toBe('v2');
    const legacy = describeInferenceService(
      { ...base, spec: { predictor: { xgboost: { storageUri: 's3://m' } } } },
      'prod',
    );
    expect(legacy.predictor).toMatchObject({
      modelFormat: 'xgboost',
      storageUri: 's3://m',
      protocolVersion: 'v1',
    });
    expect(legacy.protocol).toBe('v1');
  });

  it('takes the deployment mode from the status, else the annotation, else Serverless', () => {
    const spec = { predictor: { model: { modelFormat: { name: 'onnx' } } } };
    expect(
      describeInferenceService({ ...base, spec }, 'c').deploymentMode,
    ).toBe('Serverless');
    const raw = describeInferenceService(
      {
        ...base,
        metadata: {
          ...base.metadata,
          annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' },
        },
        spec,
      },
      'c',
    );
    expect(raw.deploymentMode).toBe('RawDeployment');
    expect(raw.canaryUnsupportedReason).toContain(
      'no canary rollout in RawDeployment',
    );
    const standard = describeInferenceService(
      { ...base, spec, status: { deploymentMode: 'Standard' } },
      'c',
    );
    expect(standard.canaryUnsupportedReason).toContain('Standard');
  });

  it('names the InferenceService and the field when a field has the wrong type', () => {
    expect(() =>
      describeInferenceService(
        {
          ...base,
          spec: { predictor: {} },
          status: { conditions: [{ type: 'Ready', status: 3 }] },
        },
        'c',
      ),
    ).toThrow(
      'InferenceService team-a/iris: status.conditions[0].status is number 3, expected a string',
    );
    expect(() => describeInferenceService({ ...base }, 'c')).toThrow(
      'InferenceService team-a/iris: spec is missing',
    );
    expect(() => describeInferenceService([], 'c')).toThrow(
      MalformedObjectError,
    );
  });

  it('rejects a traffic share outside 0 to 100', () => {
    expect(() =>
      describeInferenceService(
        {
          ...base,
          spec: { predictor: {} },
          status: {
            components: { predictor: { traffic: [{ percent: 120 }] } },
          },
        },
        'c',
      ),
    ).toThrow('traffic[0].percent is 120, expected 0 to 100');
  });

  // Any subset of the fields KServe may write, with any values of the right type: a summary,
  // never an exception; and never Ready while a condition other than Stopped is False.
  const condition = fc.record(
    {
      type: fc.constantFrom(
        'Ready',
        'PredictorReady',
        'IngressReady',
        'Stopped',
        'LatestDeploymentReady',
      ),
      status: fc.constantFrom('True', 'False', 'Unknown'),
      reason: fc.string(),
      message: fc.string(),
      severity: fc.constantFrom('Error', 'Warning', 'Info'),
    },
    { requiredKeys: ['type', 'status'] },
  );
  const traffic = fc.record(
    {
      percent: fc.integer({ min: 0, max: 100 }),
      latestRevision: fc.boolean(),
      revisionName: fc.constantFrom('r1', 'r2', 'r3'),
      tag: fc.string(),
    },
    { requiredKeys: [] },
  );
  const status = fc.record(
    {
      url: fc.webUrl(),
      observedGeneration: fc.integer({ min: 0, max: 10 }),
      deploymentMode: fc.constantFrom(
        'Serverless',
        'RawDeployment',
        'Standard',
        'ModelMesh',
      ),
      conditions: fc.array(condition, { maxLength: 6 }),
      components: fc.record(
        {
          predictor: fc.record(
            {
              latestCreatedRevision: fc.constantFrom('r1', 'r2', 'r3'),
              latestReadyRevision: fc.constantFrom('r1', 'r2', 'r3'),
              traffic: fc.array(traffic, { maxLength: 3 }),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      modelStatus: fc.record(
        {
          transitionStatus: fc.constantFrom(
            '',
            'UpToDate',
            'InProgress',
            'BlockedByFailedLoad',
            'InvalidSpec',
          ),
          states: fc.record(
            {
              activeModelState: fc.constantFrom(
                '',
                'Pending',
                'Standby',
                'Loading',
                'Loaded',
                'FailedToLoad',
              ),
              targetModelState: fc.constantFrom('', 'Loaded'),
            },
            { requiredKeys: ['activeModelState'] },
          ),
          lastFailureInfo: fc.record(
            { reason: fc.string(), message: fc.string() },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['transitionStatus'] },
      ),
    },
    { requiredKeys: [] },
  );

  it('reads any status the CRD allows, and is never Ready or Canary while a condition is False', () => {
    fc.assert(
      fc.property(status, fc.integer({ min: 0, max: 10 }), (s, generation) => {
        const summary = describeInferenceService(
          {
            ...base,
            metadata: { ...base.metadata, generation },
            spec: { predictor: {} },
            status: s,
          },
          'c',
        );
        const failing = (s.conditions ?? []).some(
          c => c.status === 'False' && c.type !== 'Stopped',
        );
        const green = ['Ready', 'Canary'].includes(summary.verdict.kind);
        expect(failing && green).toBe(false);
        expect(summary.verdict.summary.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('turns any malformed value into a MalformedObjectError, never another exception', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (spec, st) => {
        expectOnlyMalformedObjectErrors(() =>
          describeInferenceService({ ...base, spec, status: st }, 'c'),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('outlines what the full read reads of the same object, labels and annotations included', () => {
    fc.assert(
      fc.property(
        status,
        fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
        fc.constantFrom(undefined, 's3://models/iris', 'models:/iris/3'),
        (st, labels, storageUri) => {
          const object = {
            ...base,
            metadata: { ...base.metadata, uid: 'u-1', labels },
            spec: { predictor: { model: { storageUri } } },
            status: st,
          };
          const outline = readInferenceServiceOutline(object, 'c');
          const facts = readInferenceService(object, 'c');
          const { labels: outlined, annotations, ...shared } = outline;
          expect(facts).toMatchObject(shared);
          expect(outlined).toEqual(labels);
          expect(annotations).toEqual({});
          // The labels and annotations are checked, not handed on to the portal's views.
          expect(facts).not.toHaveProperty('labels');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('outlines an object whose rollout status is malformed, but not one whose predictor is', () => {
    const object = {
      ...base,
      spec: { predictor: { model: { runtime: 'kserve-sklearnserver' } } },
      status: { url: 'http://iris.team-a', conditions: 'Ready' },
    };
    expect(readInferenceServiceOutline(object, 'c')).toMatchObject({
      url: 'http://iris.team-a',
      predictor: { runtime: 'kserve-sklearnserver' },
    });
    expect(() => readInferenceService(object, 'c')).toThrow(
      'InferenceService team-a/iris: status.conditions is string "Ready", expected an array',
    );
    expect(() =>
      readInferenceServiceOutline(
        { ...base, spec: { predictor: { model: { runtime: 7 } } } },
        'c',
      ),
    ).toThrow(
      'InferenceService team-a/iris: spec.predictor.model.runtime is number 7, expected a string',
    );
  });

  it('outlines any value as an outline or a MalformedObjectError, never another exception', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        (metadata, spec, st) => {
          expectOnlyMalformedObjectErrors(() =>
            readInferenceServiceOutline({ metadata, spec, status: st }, 'c'),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
