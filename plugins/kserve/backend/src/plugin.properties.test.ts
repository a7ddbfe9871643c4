import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  describeWithContracts,
  readContractDocument,
} from '@mlops-portal/contract-testing';
import type { InferenceServiceObject } from '@mlops-portal/plugin-kserve-node';
import { kserveClustersServiceRef } from '@mlops-portal/plugin-kserve-node';
import { FakeKserveCluster } from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  annotatingComponent,
  arbitraryFromSchema,
  assertHandlesAll,
  authorizeWith,
  checkErrorsOrAnswer,
  checkRouteAnswer,
  malformedBodies,
  mockInstanceClientsFactory,
  wellFormedAnswer,
  type JsonSchema,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import type { Server } from 'node:http';
import request from 'supertest';
import { fakeClusters, ingestedComponent } from './__testUtils__/backend';
import { actionOutputSchemas } from './actions/outputSchemas';
import { kservePlugin } from './plugin';

// Each property run goes through a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(120_000);

// Whatever the cluster answers for the InferenceService — any subset of the optional fields the
// KServe CRD allows in its status and predictor, any valid values, wrong types, non-objects —
// the serving route answers 200 with the serving state or the cluster's error as data, and the
// traffic route a 200 or a refusal with a message (4xx, or a 503 naming the cluster): never 500.

const VALID_RUNS = 40;
const MIXED_RUNS = 40;
const REF = { namespace: 'models', name: 'fraud-detector' };
const MODES = ['Serverless', 'RawDeployment', 'Standard', 'ModelMesh'];

type Schema = Record<string, any>;

/** `schema` with only the named properties (and only those of them it requires). */
function pick(schema: Schema, keys: string[]): Schema {
  return {
    ...schema,
    properties: Object.fromEntries(
      keys
        .filter(key => schema.properties?.[key])
        .map(key => [key, schema.properties[key]]),
    ),
    ...(schema.required && {
      required: schema.required.filter((key: string) => keys.includes(key)),
    }),
  };
}

/**
 * An InferenceService's JSON Schema from the CRD's own: its status as the CRD has it (with the
 * `predictor` entry of the components map spelled out, so it is drawn often), the predictor
 * fields the portal reads (the pod spec around them left out: the portal never reads it), and
 * ObjectMeta's fields the portal reads.
 */
function inferenceServiceSchema(): Schema {
  const crd = readContractDocument('kserve') as Schema;
  const root = crd.spec.versions.find((v: Schema) => v.name === 'v1beta1')
    .schema.openAPIV3Schema;
  const status = root.properties.status;
  const predictor = root.properties.spec.properties.predictor;
  const modelKeys = [
    'modelFormat',
    'protocolVersion',
    'runtime',
    'runtimeVersion',
    'storageUri',
    'name',
  ];
  const container = pick(predictor.properties.containers.items, [
    'name',
    'image',
  ]);
  return {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: {
        type: 'object',
        required: ['name', 'namespace'],
        properties: {
          name: { type: 'string' },
          namespace: { type: 'string' },
          uid: { type: 'string' },
          resourceVersion: { type: 'string' },
          generation: { type: 'integer' },
          creationTimestamp: { type: 'string', format: 'date-time' },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          annotations: {
            type: 'object',
            additionalProperties: { type: 'string' },
          },
        },
      },
      spec: {
        type: 'object',
        required: ['predictor'],
        properties: {
          predictor: {
            ...pick(predictor, [
              'model',
              'sklearn',
              'xgboost',
              'containers',
              'canaryTrafficPercent',
              'minReplicas',
              'maxReplicas',
            ]),
            properties: {
              model: pick(predictor.properties.model, modelKeys),
              sklearn: pick(predictor.properties.sklearn, modelKeys),
              xgboost: pick(predictor.properties.xgboost, modelKeys),
              containers: {
                ...predictor.properties.containers,
                items: container,
              },
              canaryTrafficPercent: predictor.properties.canaryTrafficPercent,
              minReplicas: predictor.properties.minReplicas,
              maxReplicas: predictor.properties.maxReplicas,
            },
          },
        },
      },
      status: {
        ...status,
        properties: {
          ...status.properties,
          components: {
            type: 'object',
            properties: {
              predictor: status.properties.components.additionalProperties,
            },
            additionalProperties:
              status.properties.components.additionalProperties,
          },
        },
      },
    },
  };
}

/** Mostly `value` (what KServe writes, the object asked for), now and then anything else. */
const mostly = <T>(value: fc.Arbitrary<T>, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 10, arbitrary: value }, { weight: 1, arbitrary: other });

function inferenceServices(schema: Schema) {
  const valid = arbitraryFromSchema(schema as JsonSchema, {
    overrides: {
      '/apiVersion': fc.constant('serving.kserve.io/v1beta1'),
      '/kind': fc.constant('InferenceService'),
      '/metadata/name': mostly(fc.constant(REF.name), fc.string()),
      '/metadata/namespace': mostly(fc.constant(REF.namespace), fc.string()),
      // What a write is decided on: the API server always sets it.
      '/metadata/resourceVersion': mostly(
        fc.stringMatching(/^[1-9][0-9]{0,7}$/),
        fc.string(),
      ),
      '/metadata/annotations': fc.record(
        {
          'serving.kserve.io/deploymentMode': mostly(
            fc.constant('Serverless'),
            fc.constantFrom(...MODES),
          ),
          'serving.kserve.io/stop': mostly(
            fc.constant('false'),
            fc.constant('true'),
          ),
        },
        { requiredKeys: [] },
      ),
      '/status/deploymentMode': mostly(
        fc.constant('Serverless'),
        fc.constantFrom(...MODES, ''),
      ),
      // Mostly the conditions KServe writes, now and then any string the CRD allows.
      '/status/conditions/*/type': mostly(
        fc.constantFrom('Ready', 'PredictorReady', 'IngressReady', 'Stopped'),
        fc.string(),
      ),
      '/status/conditions/*/status': mostly(
        fc.constantFrom('True', 'True', 'False', 'Unknown'),
        fc.string(),
      ),
      // Mostly shares KServe writes; any int64 the CRD allows now and then.
      '/status/components/predictor/traffic/*/percent': mostly(
        fc.integer({ min: 0, max: 100 }),
        fc.integer(),
      ),
    },
  });
  return {
    valid,
    mixed: fc.oneof(
      valid,
      malformedBodies(valid, { schema: schema as JsonSchema }),
    ),
  };
}

const changes = fc.oneof(
  fc.record({
    kind: fc.constant('set'),
    percent: fc.integer({ min: 0, max: 100 }),
  }),
  fc.constant({ kind: 'promote' }),
  fc.constant({ kind: 'rollback' }),
);

/** A `ServingRouteResponse`: well-formed, the serving state or the error, never green on a False. */
function checkServing(body: unknown): void {
  const answer = wellFormedAnswer(actionOutputSchemas.servingRoute, body);
  checkErrorsOrAnswer(
    answer.error ? [answer.error] : [],
    answer.serving !== undefined,
    'the serving state',
    ['prod'],
  );
  const isvc = answer.serving?.inferenceService;
  const falseCondition = isvc?.conditions.find(
    c => c.status === 'False' && c.type !== 'Stopped',
  );
  if (isvc?.verdict.kind === 'Ready' && falseCondition) {
    throw new Error(
      `Ready while ${falseCondition.type} is False: ${JSON.stringify(isvc)}`,
    );
  }
}

describeWithContracts(
  'kserve routes against any InferenceService the KServe CRD allows',
  () => {
    const cluster = new FakeKserveCluster('prod');
    let answers: { get: unknown; patched: unknown; eventsFail: boolean } = {
      get: undefined,
      patched: undefined,
      eventsFail: false,
    };
    // The fake answers whatever was drawn, as a broken or unusual API server would.
    cluster.getInferenceService = async () =>
      structuredClone(answers.get) as InferenceServiceObject;
    cluster.patchCanaryTrafficPercent = async () =>
      structuredClone(answers.patched) as InferenceServiceObject;
    cluster.listEvents = async () => {
      if (answers.eventsFail) throw new Error('events are not there');
      return [];
    };
    let server: Server;
    let schema: Schema;
    // What the routes answered in the current property: it must cover more than one outcome.
    let seen: Array<string | number> = [];
    beforeEach(() => {
      seen = [];
    });

    beforeAll(async () => {
      schema = inferenceServiceSchema();
      ({ server } = await startTestBackend({
        features: [
          kservePlugin,
          mockInstanceClientsFactory(
            kserveClustersServiceRef,
            fakeClusters([cluster]),
          ),
          catalogServiceMock.factory({
            entities: [
              annotatingComponent('fraud', {
                'kserve.io/inference-service': `${REF.namespace}/${REF.name}`,
              }),
              ingestedComponent(REF, 'group:default/fraud-detection'),
            ],
          }),
          mockServices.permissions.mock({ authorize: authorizeWith() }).factory,
        ],
      }));
    });

    const serving = (mixed: boolean, numRuns: number) => {
      const { valid, mixed: any } = inferenceServices(schema);
      return assertHandlesAll(
        fc.record({ get: mixed ? any : valid, eventsFail: fc.boolean() }),
        async drawn => {
          answers = { ...drawn, patched: undefined };
          const res = await request(server).get(
            '/api/kserve/entity/default/component/fraud/serving',
          );
          seen.push(res.body?.serving ? 'serving' : 'error');
          return res;
        },
        {
          acceptError: () => false,
          checkResult: res =>
            checkRouteAnswer('GET .../serving', res, checkServing),
          numRuns,
        },
      );
    };

    const traffic = (mixed: boolean, numRuns: number) => {
      const { valid, mixed: any } = inferenceServices(schema);
      const object = mixed ? any : valid;
      return assertHandlesAll(
        fc.record({
          get: object,
          patched: object,
          change: changes,
          stale: mostly(fc.constant(false), fc.constant(true)),
        }),
        async drawn => {
          answers = {
            get: drawn.get,
            patched: drawn.patched,
            eventsFail: false,
          };
          const version = (drawn.get as InferenceServiceObject | undefined)
            ?.metadata?.resourceVersion;
          const res = await request(server)
            .post('/api/kserve/entity/default/component/fraud/serving/traffic')
            .send({
              change: drawn.change,
              // Mostly the version drawn, so that the patch is reached.
              resourceVersion:
                !drawn.stale && typeof version === 'string' && version.trim()
                  ? version
                  : 'stale',
            });
          seen.push(res.status);
          return res;
        },
        {
          acceptError: () => false,
          checkResult: res =>
            checkRouteAnswer(
              'POST .../serving/traffic',
              res,
              body => void wellFormedAnswer(actionOutputSchemas.serving, body),
            ),
          numRuns,
        },
      );
    };

    describe('GET .../serving', () => {
      it('answers any valid InferenceService with its serving state or the error as data', async () => {
        await serving(false, VALID_RUNS);
        expect(seen).toContain('serving');
      });

      it('answers malformed ones and non-objects with the cluster’s error as data, never 500', async () => {
        await serving(true, MIXED_RUNS);
        expect(seen).toEqual(expect.arrayContaining(['serving', 'error']));
      });

      it('draws objects that reach every verdict, so the property says something', async () => {
        const { valid } = inferenceServices(schema);
        const kinds = new Set<string>();
        for (const get of fc.sample(valid, { numRuns: 150, seed: 7 })) {
          answers = { get, patched: undefined, eventsFail: false };
          const res = await request(server).get(
            '/api/kserve/entity/default/component/fraud/serving',
          );
          const kind = res.body.serving?.inferenceService.verdict.kind;
          kinds.add(kind ?? 'error');
        }
        expect([...kinds].sort()).toEqual(
          expect.arrayContaining([
            'Degraded',
            'Failed',
            'Progressing',
            'Stopped',
            'error',
          ]),
        );
        expect(kinds.size).toBeGreaterThanOrEqual(5);
      });
    });

    describe('POST .../serving/traffic', () => {
      it('answers any valid InferenceService with the patched state or a refusal with a message', async () => {
        await traffic(false, VALID_RUNS);
        expect(seen).toEqual(expect.arrayContaining([200, 400]));
      });

      it('answers malformed ones with a refusal or a 503 naming the cluster, never 500', async () => {
        await traffic(true, MIXED_RUNS);
        expect(seen).toEqual(expect.arrayContaining([400, 503]));
      });
    });
  },
);
