import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ServingRouteResponse } from '@mlops-portal/plugin-kserve-common';
import { buildInferenceServiceObject } from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  deny,
  mockUpstreamError,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  api,
  componentRef,
  ENTITIES,
  ISVC,
  prodCluster,
  useKserveBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const serving = (body: unknown) => {
  const answer = body as ServingRouteResponse;
  expect(answer.error).toBeUndefined();
  return answer.serving!;
};

describe('kserve backend plugin: reads', () => {
  const { start } = useKserveBackend();

  it('lists the configured clusters, the first as default, without API URLs or credentials', async () => {
    const { server } = await start();
    const response = await request(server).get('/api/kserve/clusters');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      instances: [
        { name: 'prod', uiUrl: 'https://prod.k8s.invalid', default: true },
        {
          name: 'staging',
          uiUrl: 'https://staging.k8s.invalid',
          default: false,
        },
        { name: 'down', uiUrl: 'https://down.k8s.invalid', default: false },
      ],
    });
    expect(JSON.stringify(response.body)).not.toMatch(/token/);
  });

  describe('serving', () => {
    it('shows a canary: the verdict with its percent, the split, predictor, conditions, events and who may act', async () => {
      const { server, prod } = await start();
      const response = await request(server).get(api('fraud-detection-model'));
      expect(response.status).toBe(200);
      const body = serving(response.body);
      expect(body.inferenceService).toMatchObject({
        cluster: 'prod',
        namespace: 'models',
        name: 'fraud-detector',
        resourceVersion: prod.peek(ISVC.fraud)!.metadata.resourceVersion,
        url: 'http://fraud-detector.models.example.com',
        deploymentMode: 'Serverless',
        verdict: { kind: 'Canary', canaryPercent: 20 },
        predictor: {
          modelFormat: 'sklearn',
          protocolVersion: 'v2',
          storageUri: 's3://models/fraud-detector',
          canaryTrafficPercent: 20,
        },
        traffic: {
          latestPercent: 20,
          stablePercent: 80,
          latestCreatedRevision: 'fraud-detector-predictor-00003',
        },
        protocol: 'v2',
      });
      expect(body.inferenceService.canaryUnsupportedReason).toBeUndefined();
      expect(body.inferenceService.verdict.summary).toMatch(/^Canary 20 %/);
      expect(body.inferenceService.conditions.map(c => c.type)).toEqual([
        'IngressReady',
        'LatestDeploymentReady',
        'PredictorReady',
        'Ready',
      ]);
      expect(body.events).toEqual([
        expect.objectContaining({
          type: 'Normal',
          reason: 'InferenceServiceReady',
        }),
      ]);
      expect(body.eventsError).toBeUndefined();
      expect(body.authority).toEqual({ entityRef: componentRef(ISVC.fraud) });
      expect(body.allowed).toEqual({ update: true, rollback: true });
      // The events of exactly this object, by its uid.
      expect(prod.calls.find(c => c.method === 'listEvents')?.arg).toEqual({
        ...ISVC.fraud,
        uid: 'uid-models-fraud-detector',
      });
    });

    it('shows a Ready InferenceService of another namespace', async () => {
      const { server } = await start();
      const response = await request(server).get(api('iris-model'));
      expect(response.status).toBe(200);
      const body = serving(response.body);
      expect(body.inferenceService.verdict).toEqual({
        kind: 'Ready',
        summary: 'Ready: every condition is True',
      });
      expect(body.inferenceService.traffic).toMatchObject({
        latestPercent: 100,
        stablePercent: 0,
      });
      expect(body.authority).toEqual({ entityRef: componentRef(ISVC.iris) });
    });

    it('shows a failing rollout as Degraded with its cause, never Ready', async () => {
      const { server } = await start();
      const response = await request(server).get(api('churn-model'));
      expect(response.status).toBe(200);
      const { verdict, conditions } = serving(response.body).inferenceService;
      expect(verdict.kind).toBe('Degraded');
      expect(verdict.cause).toMatch(/RevisionFailed/);
      expect(verdict.summary).toMatch(
        /churn-predictor-predictor-00003 is not ready; churn-predictor-predictor-00002 still serves/,
      );
      expect(conditions).toContainEqual(
        expect.objectContaining({
          type: 'PredictorReady',
          status: 'False',
          message: expect.stringContaining('CrashLoopBackOff'),
        }),
      );
    });

    it('reads the cluster kserve.io/cluster names, authorized on that cluster’s Component', async () => {
      const { server, prod, staging } = await start();
      const response = await request(server).get(api('fraud-on-staging'));
      expect(response.status).toBe(200);
      const body = serving(response.body);
      expect(body.inferenceService).toMatchObject({
        cluster: 'staging',
        verdict: { kind: 'Ready' },
      });
      expect(body.authority).toEqual({
        entityRef: componentRef(ISVC.fraud, 'staging'),
      });
      expect(componentRef(ISVC.fraud, 'staging')).not.toBe(
        componentRef(ISVC.fraud),
      );
      expect(staging.calls.map(c => c.method)).toEqual([
        'getInferenceService',
        'listEvents',
      ]);
      expect(prod.calls).toEqual([]);
    });

    it('says whether the caller may promote and roll back, as the write would decide', async () => {
      const { server, permissions } = await start({
        decide: deny('kserve.canary.update'),
      });
      const response = await request(server).get(api('fraud-detection-model'));
      expect(serving(response.body).allowed).toEqual({
        update: false,
        rollback: true,
      });
      const asked = permissions.authorize.mock.calls.flatMap(([requests]) =>
        requests.map(r => [
          r.permission.name,
          (r as { resourceRef?: string }).resourceRef,
        ]),
      );
      expect(asked.sort()).toEqual(
        [
          ['kserve.canary.rollback', componentRef(ISVC.fraud)],
          ['kserve.canary.update', componentRef(ISVC.fraud)],
        ].sort(),
      );
    });

    it('without an ingested Component: says why, and only admins may act', async () => {
      const entities = ENTITIES.filter(e => e.spec?.type !== 'model-server');
      const admin = await start({ entities });
      const asAdmin = serving(
        (await request(admin.server).get(api('fraud-detection-model'))).body,
      );
      expect(asAdmin.authority.reason).toMatch(
        /the catalog has no entity 'component:models\/fraud-detector' from the KServe catalog provider/,
      );
      expect(asAdmin.allowed).toEqual({ update: true, rollback: true });

      const user = await start({
        entities,
        decide: deny('mlops.unmanaged-object.write'),
      });
      const asUser = serving(
        (await request(user.server).get(api('fraud-detection-model'))).body,
      );
      expect(asUser.allowed).toEqual({ update: false, rollback: false });
    });

    it.each([
      [
        'no kserve.io/inference-service annotation',
        'no-kserve',
        /has no 'kserve.io\/inference-service' annotation/,
      ],
      [
        'an InferenceService the cluster does not have',
        'missing-isvc',
        /^InferenceService models\/no-such-model not found on cluster prod$/,
      ],
      ['an entity the catalog does not have', 'nobody', /nobody/],
    ])('answers 404 for %s', async (_what, entity, message) => {
      const { server } = await start();
      const response = await request(server).get(api(entity));
      expect(response.status).toBe(404);
      expect(response.body.error.name).toBe('NotFoundError');
      expect(response.body.error.message).toMatch(message);
    });

    it.each([
      [
        'a malformed annotation',
        'malformed',
        /kserve.io\/inference-service.*not a namespaced name/,
      ],
      [
        'a cluster that is not configured',
        'unknown-cluster',
        /names cluster 'nowhere' in 'kserve.io\/cluster', which is not configured; configured clusters are 'prod', 'staging', 'down'/,
      ],
    ])(
      'answers 400 for %s, calling no cluster',
      async (_what, entity, message) => {
        const { server, prod, staging } = await start();
        const response = await request(server).get(api(entity));
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toMatch(message);
        expect([...prod.calls, ...staging.calls]).toEqual([]);
      },
    );

    it('answers 400 for a query it does not take', async () => {
      const { server } = await start();
      const response = await request(server).get(
        `${api('fraud-detection-model')}?cluster=staging`,
      );
      expect(response.status).toBe(400);
    });
  });

  describe('a cluster that fails is data, never a 500', () => {
    it('a cluster that is down: 200 with its error, naming it', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-on-a-dead-cluster'),
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        error: {
          instance: 'down',
          message: expect.stringContaining('ECONNREFUSED'),
        },
      });
    });

    it.each([
      ['refuses the portal’s credentials', 401, /./],
      ['forbids the portal’s service account', 403, /./],
      ['answers 500', 500, /./],
      ['times out (no answer at all)', undefined, /timed out/],
    ])('a cluster that %s', async (_what, status, message) => {
      const prod = prodCluster();
      prod.failNext(
        'getInferenceService',
        mockUpstreamError({
          system: 'kserve',
          instance: 'prod',
          status,
          message: status === undefined ? 'request timed out' : 'refused',
        }),
      );
      const { server } = await start({ prod });
      const response = await request(server).get(api('fraud-detection-model'));
      expect(response.status).toBe(200);
      expect(response.body.serving).toBeUndefined();
      expect(response.body.error).toMatchObject({
        instance: 'prod',
        message,
        ...(status !== undefined && { status }),
      });
    });

    it('an answer that is not what the CRD says: 200 with the field named', async () => {
      const prod = prodCluster();
      const object = buildInferenceServiceObject(ISVC.fraud);
      prod.put({
        ...object,
        status: { ...(object.status as object), conditions: 'all good' },
      });
      const { server } = await start({ prod });
      const response = await request(server).get(api('fraud-detection-model'));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        error: {
          instance: 'prod',
          message: expect.stringMatching(
            /Cluster 'prod' answered an InferenceService that is not what the KServe CRD says: .*status\.conditions is string "all good", expected an array/,
          ),
        },
      });
    });

    it('events failing alone: the rest served, eventsError says why', async () => {
      const prod = prodCluster();
      prod.failNext(
        'listEvents',
        mockUpstreamError({
          system: 'kserve',
          instance: 'prod',
          status: 403,
          message:
            'events is forbidden: User "system:serviceaccount:backstage:backstage" cannot list resource "events"',
        }),
      );
      const { server } = await start({ prod });
      const response = await request(server).get(api('fraud-detection-model'));
      expect(response.status).toBe(200);
      const body = serving(response.body);
      expect(body.inferenceService.verdict.kind).toBe('Canary');
      expect(body.events).toEqual([]);
      expect(body.eventsError).toMatch(
        /^Events of InferenceService models\/fraud-detector on cluster 'prod' could not be read: .*cannot list resource "events"/,
      );
    });
  });

  describe('restricted reads', () => {
    it('shows the InferenceService to readers of its Component; without one only to admins', async () => {
      const decide = ({ permission }: { permission: string }) =>
        permission === 'mlops.unmanaged-object.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW;
      const { server, prod } = await start({ restrictReads: true, decide });
      const allowed = await request(server).get(api('fraud-detection-model'));
      expect(allowed.status).toBe(200);

      const unmanaged = await start({
        restrictReads: true,
        decide,
        entities: ENTITIES.filter(e => e.spec?.type !== 'model-server'),
      });
      const refused = await request(unmanaged.server).get(
        api('fraud-detection-model'),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/only admins may read/);
      expect(unmanaged.prod.calls).toEqual([]);
      expect(prod.calls.length).toBeGreaterThan(0);
    });
  });
});
