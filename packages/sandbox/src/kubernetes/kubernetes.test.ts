import request from 'supertest';
import { K8S_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { Sandbox } from '../index';

const G = '/kubernetes/apis/serving.kserve.io/v1beta1';
const FRAUD = `${G}/namespaces/fraud-detection/inferenceservices/fraud-detector`;
const MERGE = { ...K8S_AUTH, 'Content-Type': 'application/merge-patch+json' };

describe('Kubernetes / KServe emulation', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });

  it('answers 401 Status without the token', async () => {
    const res = await request(sandbox.app).get(`${G}/inferenceservices`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('tells the story: canary on fraud-detector, degraded demand-forecaster', async () => {
    const fraud = (await request(sandbox.app).get(FRAUD).set(K8S_AUTH)).body;
    expect(fraud.metadata.annotations['mlflow.org/registered-model']).toBe(
      'fraud-detector',
    );
    expect(fraud.spec.predictor).toMatchObject({
      canaryTrafficPercent: 20,
      model: { modelFormat: { name: 'xgboost' } },
    });
    const v5 = sandbox.state.mlflow.requireVersion('fraud-detector', '5');
    expect(fraud.spec.predictor.model.storageUri).toBe(v5.source);
    expect(fraud.status.components.predictor.traffic).toEqual([
      expect.objectContaining({
        percent: 20,
        tag: 'latest',
        revisionName: 'fraud-detector-predictor-00005',
        latestRevision: true,
      }),
      expect.objectContaining({
        percent: 80,
        tag: 'prev',
        revisionName: 'fraud-detector-predictor-00004',
      }),
    ]);
    const demand = (
      await request(sandbox.app)
        .get(`${G}/namespaces/supply-chain/inferenceservices/demand-forecaster`)
        .set(K8S_AUTH)
    ).body;
    const ready = demand.status.conditions.find((c: any) => c.type === 'Ready');
    expect(ready.status).toBe('False');
    expect(demand.status.modelStatus.states.activeModelState).toBe(
      'FailedToLoad',
    );
  });

  it('filters by label selector and field selector across namespaces', async () => {
    const names = async (query: Record<string, string>) =>
      (
        await request(sandbox.app)
          .get(`${G}/inferenceservices`)
          .query(query)
          .set(K8S_AUTH)
          .expect(200)
      ).body.items.map(
        (i: any) => `${i.metadata.namespace}/${i.metadata.name}`,
      );
    expect(await names({})).toEqual([
      'customer-insights/churn-predictor',
      'fraud-detection/fraud-detector',
      'supply-chain/demand-forecaster',
    ]);
    expect(await names({ labelSelector: 'owner=fraud-detection' })).toEqual([
      'fraud-detection/fraud-detector',
    ]);
    expect(
      await names({
        labelSelector:
          'owner notin (fraud-detection),app.kubernetes.io/part-of',
      }),
    ).toHaveLength(2);
    expect(await names({ labelSelector: '!owner' })).toEqual([]);
    expect(
      await names({ fieldSelector: 'metadata.namespace=supply-chain' }),
    ).toEqual(['supply-chain/demand-forecaster']);
    const bad = await request(sandbox.app)
      .get(`${G}/inferenceservices`)
      .query({ labelSelector: 'owner in (' })
      .set(K8S_AUTH);
    expect(bad.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('walks a large list with limit + continue without duplicates or gaps', async () => {
    const scaled = testSandbox({ scale: { inferenceServices: 23 } });
    const seen: string[] = [];
    const remaining: Array<number | undefined> = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const res = await request(scaled.app)
        .get(`${G}/inferenceservices`)
        .query({ limit: 5, ...(cont ? { continue: cont } : {}) })
        .set(K8S_AUTH)
        .expect(200);
      seen.push(
        ...res.body.items.map(
          (i: any) => `${i.metadata.namespace}/${i.metadata.name}`,
        ),
      );
      cont = res.body.metadata.continue;
      remaining.push(res.body.metadata.remainingItemCount);
      pages++;
    } while (cont);
    expect(pages).toBe(6);
    expect(remaining).toEqual([21, 16, 11, 6, 1, undefined]);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(seen).toEqual([...seen].sort());
    const bad = await request(scaled.app)
      .get(`${G}/inferenceservices`)
      .query({ continue: 'garbage' })
      .set(K8S_AUTH);
    expect(bad.status).toBe(400);
  });

  it('merge-patches spec, bumping generation and resourceVersion; metadata-only changes keep generation', async () => {
    const before = (await request(sandbox.app).get(FRAUD).set(K8S_AUTH)).body;
    const spec = await request(sandbox.app)
      .patch(FRAUD)
      .set(MERGE)
      .send({ spec: { predictor: { canaryTrafficPercent: null } } })
      .expect(200);
    expect(spec.body.spec.predictor.canaryTrafficPercent).toBeUndefined();
    expect(spec.body.metadata.generation).toBe(before.metadata.generation + 1);
    expect(Number(spec.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(before.metadata.resourceVersion),
    );
    expect(typeof spec.body.metadata.resourceVersion).toBe('string');

    const labels = await request(sandbox.app)
      .patch(FRAUD)
      .set(MERGE)
      .send({ metadata: { labels: { tier: 'gold' } } })
      .expect(200);
    expect(labels.body.metadata.generation).toBe(spec.body.metadata.generation);
    expect(Number(labels.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(spec.body.metadata.resourceVersion),
    );
    expect(labels.body.metadata.labels).toMatchObject({
      tier: 'gold',
      owner: 'fraud-detection',
    });

    // Status changes through the main resource are ignored (status subresource).
    const ignored = await request(sandbox.app)
      .patch(FRAUD)
      .set(MERGE)
      .send({ status: { url: 'http://evil' } })
      .expect(200);
    expect(ignored.body.status.url).toBe(before.status.url);
    expect(ignored.body.metadata.resourceVersion).toBe(
      labels.body.metadata.resourceVersion,
    );
  });

  it('honours resourceVersion preconditions (409 on stale, 200 on current)', async () => {
    const current = (await request(sandbox.app).get(FRAUD).set(K8S_AUTH)).body
      .metadata.resourceVersion;
    await request(sandbox.app)
      .patch(FRAUD)
      .set(MERGE)
      .send({ metadata: { resourceVersion: current, labels: { a: 'b' } } })
      .expect(200);
    const stale = await request(sandbox.app)
      .patch(FRAUD)
      .set(MERGE)
      .send({ metadata: { resourceVersion: current, labels: { a: 'c' } } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      code: 409,
    });
    const viaTest = await request(sandbox.app)
      .patch(FRAUD)
      .set({ ...K8S_AUTH, 'Content-Type': 'application/json-patch+json' })
      .send([
        { op: 'test', path: '/metadata/resourceVersion', value: current },
        { op: 'replace', path: '/spec/predictor/minReplicas', value: 2 },
      ]);
    expect(viaTest.status).toBe(422);
  });

  it('patches only status through /status and rejects unsupported patch types', async () => {
    const res = await request(sandbox.app)
      .patch(`${FRAUD}/status`)
      .set(MERGE)
      .send({
        spec: { predictor: { minReplicas: 9 } },
        status: { url: 'http://new' },
      })
      .expect(200);
    expect(res.body.status.url).toBe('http://new');
    expect(res.body.spec.predictor.minReplicas).toBe(1);
    const smp = await request(sandbox.app)
      .patch(FRAUD)
      .set({
        ...K8S_AUTH,
        'Content-Type': 'application/strategic-merge-patch+json',
      })
      .send({});
    expect(smp.status).toBe(415);
    const invalid = await request(sandbox.app)
      .patch(FRAUD)
      .set(MERGE)
      .send({ spec: { predictor: { canaryTrafficPercent: 'ten' } } });
    expect(invalid.status).toBe(422);
  });

  it('creates InferenceServices with Kubernetes errors for conflicts and invalid objects', async () => {
    const body = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'churn-v4' },
      spec: {
        predictor: {
          model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://x' },
        },
      },
    };
    const created = await request(sandbox.app)
      .post(`${G}/namespaces/customer-insights/inferenceservices`)
      .set(K8S_AUTH)
      .send(body)
      .expect(201);
    expect(created.body.metadata).toMatchObject({
      namespace: 'customer-insights',
      generation: 1,
    });
    expect(created.body.status).toBeUndefined();
    await request(sandbox.app)
      .get(`${G}/namespaces/customer-insights/inferenceservices/churn-v4`)
      .set(K8S_AUTH)
      .expect(200);
    expect(
      (
        await request(sandbox.app)
          .post(`${G}/namespaces/customer-insights/inferenceservices`)
          .set(K8S_AUTH)
          .send(body)
      ).status,
    ).toBe(409);
    const noPredictor = await request(sandbox.app)
      .post(`${G}/namespaces/customer-insights/inferenceservices`)
      .set(K8S_AUTH)
      .send({ ...body, metadata: { name: 'x' }, spec: {} });
    expect(noPredictor.status).toBe(422);
    expect(noPredictor.body.reason).toBe('Invalid');
    const wrongNs = await request(sandbox.app)
      .post(`${G}/namespaces/customer-insights/inferenceservices`)
      .set(K8S_AUTH)
      .send({ ...body, metadata: { name: 'y', namespace: 'other' } });
    expect(wrongNs.status).toBe(400);
    const noNs = await request(sandbox.app)
      .post(`${G}/namespaces/ghost/inferenceservices`)
      .set(K8S_AUTH)
      .send({ ...body, metadata: { name: 'z' } });
    expect(noNs.status).toBe(404);
    const dry = await request(sandbox.app)
      .post(`${G}/namespaces/customer-insights/inferenceservices`)
      .query({ dryRun: 'All' })
      .set(K8S_AUTH)
      .send({ ...body, metadata: { name: 'dry' } });
    expect(dry.status).toBe(201);
    await request(sandbox.app)
      .get(`${G}/namespaces/customer-insights/inferenceservices/dry`)
      .set(K8S_AUTH)
      .expect(404);
  });
});
