import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import {
  describeWithContracts,
  expectValid,
  findContractsDir,
  validateInferenceService,
  validateInferenceServiceList,
  expectViolation,
} from './index';

// The CRD schema is 1.9 MB; even compiled piecewise the first validation parses it (~1 s on CI machines).
const KSERVE_TIMEOUT_MS = 60_000;

function examples(): Array<[string, any]> {
  const dir = path.join(findContractsDir()!, 'kserve', 'examples');
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => [f, yaml.load(fs.readFileSync(path.join(dir, f), 'utf8'))]);
}

function sklearn(overrides: Record<string, unknown> = {}) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: 'churn-model',
      namespace: 'ml-serving',
      labels: { 'backstage.io/owner': 'ml-platform' },
      annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' },
      resourceVersion: '12345',
      uid: 'f2c7a2d6-0000-4000-8000-000000000001',
      generation: 2,
      creationTimestamp: '2026-11-26T10:00:00Z',
    },
    spec: {
      predictor: {
        minReplicas: 1,
        sklearn: {
          protocolVersion: 'v2',
          storageUri: 's3://models/churn/3',
          resources: {
            limits: { cpu: '1', memory: '2Gi' },
            requests: { cpu: '100m', memory: 512 },
          },
        },
      },
    },
    status: {
      url: 'http://churn-model.ml-serving.example.com',
      address: { url: 'http://churn-model.ml-serving.svc.cluster.local' },
      observedGeneration: 2,
      conditions: [
        {
          type: 'PredictorReady',
          status: 'True',
          lastTransitionTime: '2026-11-26T10:01:00Z',
        },
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: '2026-11-26T10:01:00Z',
        },
      ],
      components: {
        predictor: {
          latestReadyRevision: 'churn-model-predictor-00002',
          traffic: [{ percent: 100, latestRevision: true }],
        },
      },
      modelStatus: {
        states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
        transitionStatus: 'UpToDate',
      },
    },
    ...overrides,
  };
}

describeWithContracts('KServe InferenceService CRD v1beta1 (kserve)', () => {
  it(
    'accepts the three upstream samples',
    () => {
      const samples = examples();
      expect(samples.map(([f]) => f)).toEqual([
        'rollout-canary.yaml',
        'sklearn-v1-sklearn.yaml',
        'sklearn-v2-sklearn.yaml',
      ]);
      for (const [, obj] of samples) expectValid(validateInferenceService(obj));
    },
    KSERVE_TIMEOUT_MS,
  );

  it(
    'accepts a full object with ObjectMeta, int-or-string quantities and status',
    () => {
      expectValid(validateInferenceService(sklearn()));
    },
    KSERVE_TIMEOUT_MS,
  );

  it(
    'rejects wrong types, with the path into the object',
    () => {
      const obj = sklearn();
      const predictor: any = obj.spec.predictor;
      predictor.canaryTrafficPercent = 'ten';
      predictor.sklearn.storageUri = 42;
      const result = validateInferenceService(obj);
      expectViolation(
        result,
        'object /spec/predictor/canaryTrafficPercent',
        /must be integer; got string "ten"/,
      );
      expectViolation(
        result,
        'object /spec/predictor/sklearn/storageUri',
        /must be string; got number 42/,
      );
      expect(result.errors).toHaveLength(2);
    },
    KSERVE_TIMEOUT_MS,
  );

  it(
    'rejects fields the API server would prune (a typo such as storageURI)',
    () => {
      const obj = sklearn();
      (obj.spec.predictor.sklearn as any).storageURI = (
        obj.spec.predictor.sklearn as any
      ).storageUri;
      expectViolation(
        validateInferenceService(obj),
        'object /spec/predictor/sklearn/storageURI',
        /unknown field 'storageURI'.*prune/,
      );
    },
    KSERVE_TIMEOUT_MS,
  );

  it(
    'rejects a missing required field, a bad enum and a bad condition',
    () => {
      const result = validateInferenceService(
        sklearn({
          spec: {
            predictor: {
              scaleMetric: 'gpu',
              sklearn: { storageUri: 's3://x' },
            },
            transformer: { containers: [{ image: 'x' }] },
          },
          status: { conditions: [{ type: 'Ready' }] },
        }),
      );
      expectViolation(
        result,
        'object /spec/predictor/scaleMetric',
        /must be one of "cpu", "memory", "concurrency", "rps"; got string "gpu"/,
      );
      expectViolation(
        result,
        'object /spec/transformer/containers/0/name',
        /required property 'name' is missing/,
      );
      expectViolation(
        result,
        'object /status/conditions/0/status',
        /required property 'status' is missing/,
      );
      expectViolation(
        validateInferenceService(sklearn({ spec: {} })),
        'object /spec/predictor',
        /required/,
      );
    },
    KSERVE_TIMEOUT_MS,
  );

  it(
    'checks apiVersion, kind and ObjectMeta',
    () => {
      const result = validateInferenceService(
        sklearn({
          apiVersion: 'serving.kserve.io/v1alpha1',
          kind: 'ServingRuntime',
          metadata: { name: 'Churn_Model', labels: { tier: 1 } },
        }),
      );
      expectViolation(
        result,
        'object /apiVersion',
        /must be "serving.kserve.io\/v1beta1"; got "serving.kserve.io\/v1alpha1"/,
      );
      expectViolation(
        result,
        'object /kind',
        /must be "InferenceService"; got "ServingRuntime"/,
      );
      expectViolation(result, 'object /metadata/name', /must match pattern/);
      expectViolation(
        result,
        'object /metadata/labels/tier',
        /must be string; got number 1/,
      );
      const { apiVersion, ...noApiVersion } = sklearn();
      expect(apiVersion).toBeDefined();
      expect(validateInferenceService(noApiVersion).errors).toEqual([
        {
          where: 'object /apiVersion',
          message: "required property 'apiVersion' is missing",
        },
      ]);
      expectViolation(
        validateInferenceService('nope'),
        'object',
        /must be an object/,
      );
    },
    KSERVE_TIMEOUT_MS,
  );

  it(
    'enforces x-kubernetes-list-map-keys uniqueness (two ports with the same containerPort/protocol)',
    () => {
      const port = { containerPort: 8080, protocol: 'TCP' };
      const obj = sklearn();
      (obj.spec.predictor.sklearn as any).ports = [
        port,
        { ...port, name: 'again' },
      ];
      expectViolation(
        validateInferenceService(obj),
        'object /spec/predictor/sklearn/ports',
        /two entries share the map key containerPort, protocol/,
      );
    },
    KSERVE_TIMEOUT_MS,
  );

  describe('InferenceServiceList', () => {
    const list = (
      items: unknown[],
      metadata: Record<string, unknown> = {
        resourceVersion: '999',
        continue: 'eyJ2Ijoi',
      },
    ) => ({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceServiceList',
      metadata,
      items,
    });

    it(
      'accepts a list of valid items',
      () => {
        expectValid(
          validateInferenceServiceList(
            list([sklearn(), ...examples().map(([, o]) => o)]),
          ),
        );
        expectValid(
          validateInferenceServiceList(list([], { resourceVersion: '1' })),
        );
      },
      KSERVE_TIMEOUT_MS,
    );

    it(
      'rejects a bad envelope and points into the bad item',
      () => {
        const broken = sklearn();
        (broken.spec.predictor as any).minReplicas = '1';
        const result = validateInferenceServiceList({
          ...list([sklearn(), broken], { continue: 5 }),
          kind: 'List',
          total: 2,
        });
        expectViolation(
          result,
          'list /kind',
          /must be "InferenceServiceList"; got "List"/,
        );
        expectViolation(result, 'list /total', /unknown field 'total'/);
        expectViolation(result, 'list /metadata/resourceVersion', /required/);
        expectViolation(result, 'list /metadata/continue', /must be string/);
        expectViolation(
          result,
          'list /items/1/spec/predictor/minReplicas',
          /must be integer/,
        );
        expect(
          result.errors.some(e => e.where.startsWith('list /items/0')),
        ).toBe(false);
        expectViolation(
          validateInferenceServiceList({ ...list([]), items: undefined }),
          'list /items',
          /must be an array/,
        );
      },
      KSERVE_TIMEOUT_MS,
    );
  });
});
