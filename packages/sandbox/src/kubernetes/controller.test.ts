import request from 'supertest';
import { K8S_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { Sandbox } from '../index';

const G = '/kubernetes/apis/serving.kserve.io/v1beta1';
const FRAUD = `${G}/namespaces/fraud-detection/inferenceservices/fraud-detector`;
const MERGE = { ...K8S_AUTH, 'Content-Type': 'application/merge-patch+json' };
const HOST = 'fraud-detector-predictor.fraud-detection.example.com';
const V4 = 'fraud-detector-predictor-00004';
const V5 = 'fraud-detector-predictor-00005';

describe('KServe controller reactions', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });

  const get = async (url = FRAUD) =>
    (await request(sandbox.app).get(url).set(K8S_AUTH).expect(200)).body;
  const canary = (value: number | null, url = FRAUD) =>
    request(sandbox.app)
      .patch(url)
      .set(MERGE)
      .send({ spec: { predictor: { canaryTrafficPercent: value } } })
      .expect(200);
  const predictorStatus = async (url = FRAUD) =>
    (await get(url)).status.components.predictor;
  const trafficEvents = async () =>
    (
      await request(sandbox.app)
        .get('/kubernetes/api/v1/namespaces/fraud-detection/events')
        .query({ fieldSelector: 'reason=UpdatedTraffic' })
        .set(K8S_AUTH)
        .expect(200)
    ).body.items.map((e: any) => [e.message, e.count]);

  it('re-splits traffic after a canary change, as a separate status write', async () => {
    const res = await canary(50);
    // The patch answers what was stored; the controller's status write follows.
    expect(res.body.status.components.predictor.traffic[0].percent).toBe(20);
    const after = await get();
    expect(Number(after.metadata.resourceVersion)).toBe(
      Number(res.body.metadata.resourceVersion) + 1,
    );
    expect(after.status.observedGeneration).toBe(after.metadata.generation);
    expect(after.status.components.predictor).toMatchObject({
      latestReadyRevision: V5,
      latestRolledoutRevision: V4,
      previousRolledoutRevision: V4,
      traffic: [
        {
          latestRevision: true,
          percent: 50,
          revisionName: V5,
          tag: 'latest',
          url: `http://latest-${HOST}`,
        },
        {
          latestRevision: false,
          percent: 50,
          revisionName: V4,
          tag: 'prev',
          url: `http://prev-${HOST}`,
        },
      ],
    });
    expect(await trafficEvents()).toEqual([
      [
        `Traffic split 80/20 between revisions ${V4} (prev) and ${V5} (latest)`,
        1,
      ],
      [
        `Traffic split 50/50 between revisions ${V4} (prev) and ${V5} (latest)`,
        1,
      ],
    ]);
  });

  it('promotes at 100 %, rolls back at 0 %, and splits against the revision before after a promote', async () => {
    await canary(100);
    expect(await predictorStatus()).toMatchObject({
      latestRolledoutRevision: V5,
      previousRolledoutRevision: V4,
      traffic: [
        {
          latestRevision: true,
          percent: 100,
          revisionName: V5,
          tag: 'latest',
          url: `http://latest-${HOST}`,
        },
      ],
    });
    expect((await predictorStatus()).traffic).toHaveLength(1);
    await canary(30);
    expect(
      (await predictorStatus()).traffic.map((t: any) => [
        t.revisionName,
        t.percent,
        t.tag,
      ]),
    ).toEqual([
      [V5, 30, 'latest'],
      [V4, 70, 'prev'],
    ]);
    await canary(0);
    const rolledBack = await predictorStatus();
    expect(rolledBack.latestRolledoutRevision).toBe(V4);
    expect(
      rolledBack.traffic.map((t: any) => [t.revisionName, t.percent]),
    ).toEqual([
      [V5, 0],
      [V4, 100],
    ]);
    expect((await trafficEvents()).map(([m]: string[]) => m)).toEqual([
      `Traffic split 80/20 between revisions ${V4} (prev) and ${V5} (latest)`,
      `Traffic 100% to revision ${V5} (promoted; previous revision ${V4})`,
      `Traffic split 70/30 between revisions ${V4} (prev) and ${V5} (latest)`,
      `Traffic 100% to revision ${V4} (rolled back from ${V5})`,
    ]);
  });

  it('treats removing the canary as a promote (blue-green) and counts repeated events', async () => {
    await canary(null);
    expect(await predictorStatus()).toMatchObject({
      latestRolledoutRevision: V5,
      traffic: [{ latestRevision: true, percent: 100, revisionName: V5 }],
    });
    await canary(50);
    await canary(60);
    await canary(50);
    const events = await trafficEvents();
    expect(events).toContainEqual([
      `Traffic split 50/50 between revisions ${V4} (prev) and ${V5} (latest)`,
      2,
    ]);
  });

  it('reacts to a server-side apply too, but not to dry runs or InferenceServices without a previous revision', async () => {
    await request(sandbox.app)
      .patch(FRAUD)
      .query({ fieldManager: 'backstage-kserve' })
      .set({ ...K8S_AUTH, 'Content-Type': 'application/apply-patch+yaml' })
      .send(
        JSON.stringify({
          apiVersion: 'serving.kserve.io/v1beta1',
          kind: 'InferenceService',
          metadata: { name: 'fraud-detector' },
          spec: { predictor: { canaryTrafficPercent: 100 } },
        }),
      )
      .expect(200);
    expect((await predictorStatus()).latestRolledoutRevision).toBe(V5);

    const before = await get();
    await request(sandbox.app)
      .patch(FRAUD)
      .query({ dryRun: 'All' })
      .set(MERGE)
      .send({ spec: { predictor: { canaryTrafficPercent: 10 } } })
      .expect(200);
    expect(await get()).toEqual(before);

    for (const url of [
      `${G}/namespaces/customer-insights/inferenceservices/churn-predictor`,
      `${G}/namespaces/supply-chain/inferenceservices/demand-forecaster`,
    ]) {
      const status = (await get(url)).status;
      const res = await canary(10, url);
      expect((await get(url)).status).toEqual(status);
      expect((await get(url)).metadata.resourceVersion).toBe(
        res.body.metadata.resourceVersion,
      );
    }
  });
});

describe('Kubernetes DELETE', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });
  const del = (url: string, body?: object) => {
    const req = request(sandbox.app).delete(url).set(K8S_AUTH);
    return body ? req.send(body) : req;
  };

  it('marks an object with finalizers, then KServe lets it go', async () => {
    const before = (await request(sandbox.app).get(FRAUD).set(K8S_AUTH)).body;
    const res = await del(FRAUD).expect(200);
    expect(res.body.kind).toBe('InferenceService');
    expect(res.body.metadata).toMatchObject({
      deletionTimestamp: expect.stringMatching(/Z$/),
      deletionGracePeriodSeconds: 0,
      finalizers: ['inferenceservice.finalizers'],
      generation: before.metadata.generation + 1,
    });
    await request(sandbox.app).get(FRAUD).set(K8S_AUTH).expect(404);
    const absent = await del(FRAUD).expect(404);
    expect(absent.body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'inferenceservices.serving.kserve.io "fraud-detector" not found',
      details: { name: 'fraud-detector', kind: 'inferenceservices' },
    });
  });

  it('waits for finalizers other than KServe’s', async () => {
    await request(sandbox.app)
      .patch(FRAUD)
      .set(MERGE)
      .send({
        metadata: {
          finalizers: ['inferenceservice.finalizers', 'example.com/keep'],
        },
      })
      .expect(200);
    await del(FRAUD).expect(200);
    const terminating = (await request(sandbox.app).get(FRAUD).set(K8S_AUTH))
      .body;
    expect(terminating.metadata.finalizers).toEqual(['example.com/keep']);
    const again = await del(FRAUD).expect(200);
    expect(again.body).toEqual(terminating);
  });

  it('deletes an object without finalizers at once, answering a Success Status', async () => {
    const created = await request(sandbox.app)
      .post(`${G}/namespaces/fraud-detection/inferenceservices`)
      .set(K8S_AUTH)
      .send({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'tmp' },
        spec: { predictor: {} },
      })
      .expect(201);
    const url = `${G}/namespaces/fraud-detection/inferenceservices/tmp`;
    const dry = await del(`${url}?dryRun=All`).expect(200);
    expect(dry.body.status).toBe('Success');
    await request(sandbox.app).get(url).set(K8S_AUTH).expect(200);
    const res = await del(url).expect(200);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: 'tmp',
        group: 'serving.kserve.io',
        kind: 'inferenceservices',
        uid: created.body.metadata.uid,
      },
    });
    await request(sandbox.app).get(url).set(K8S_AUTH).expect(404);
  });

  it('checks DeleteOptions preconditions and dryRun', async () => {
    const current = (await request(sandbox.app).get(FRAUD).set(K8S_AUTH)).body;
    const rv = await del(FRAUD, { preconditions: { resourceVersion: '1' } });
    expect(rv.status).toBe(409);
    expect(rv.body.message).toBe(
      `Operation cannot be fulfilled on InferenceService.serving.kserve.io "fraud-detector": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${current.metadata.resourceVersion}). The object might have been modified`,
    );
    const uid = await del(FRAUD, { preconditions: { uid: 'abc' } });
    expect(uid.status).toBe(409);
    expect(uid.body.message).toContain(
      'the UID in the precondition (abc) does not match the UID in record',
    );
    const badDry = await del(`${FRAUD}?dryRun=x`);
    expect(badDry.status).toBe(422);
    expect(badDry.body.message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"x"}: supported values: "All"',
    );
    const dry = await del(`${FRAUD}?dryRun=All`).expect(200);
    expect(dry.body.metadata.deletionTimestamp).toBeDefined();
    expect((await request(sandbox.app).get(FRAUD).set(K8S_AUTH)).body).toEqual(
      current,
    );
    await del(FRAUD, {
      preconditions: {
        uid: current.metadata.uid,
        resourceVersion: current.metadata.resourceVersion,
      },
    }).expect(200);
  });
});
