import request from 'supertest';
import { K8S_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { Sandbox } from '../index';
import { listening, openWatch, summary } from './__testUtils__/watch';

const P = '/apis/serving.kserve.io/v1beta1';
const G = `/kubernetes${P}`;
const FRAUD = `${G}/namespaces/fraud-detection/inferenceservices/fraud-detector`;
const CHURN = `${G}/namespaces/customer-insights/inferenceservices/churn-predictor`;
const MERGE = { ...K8S_AUTH, 'Content-Type': 'application/merge-patch+json' };

describe('Kubernetes watch', () => {
  let sandbox: Sandbox;
  let server: Awaited<ReturnType<typeof listening>>;

  const patch = (url: string, body: object) =>
    request(sandbox.app).patch(url).set(MERGE).send(body).expect(200);
  const listRv = async () =>
    (await request(sandbox.app).get(`${G}/inferenceservices`).set(K8S_AUTH))
      .body.metadata.resourceVersion as string;

  beforeEach(async () => {
    sandbox = testSandbox({ kubernetes: { bookmarkIntervalMs: 30 } });
    server = await listening(sandbox);
  });
  afterEach(() => server.close());

  it('starts with an ADDED per object, then streams every kind of change', async () => {
    const watch = await openWatch(server.baseUrl, `${P}/inferenceservices`);
    expect(watch.status).toBe(200);
    expect(watch.headers.get('content-type')).toBe('application/json');
    expect(watch.headers.get('transfer-encoding')).toBe('chunked');
    await watch.take(3);

    await patch(FRAUD, { metadata: { labels: { tier: 'gold' } } });
    await request(sandbox.app)
      .patch(`${CHURN}/status`)
      .set(MERGE)
      .send({ status: { url: 'http://churn.example' } })
      .expect(200);
    await request(sandbox.app)
      .post(`${G}/namespaces/customer-insights/inferenceservices`)
      .set(K8S_AUTH)
      .send({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'churn-v4' },
        spec: { predictor: { model: { modelFormat: { name: 'sklearn' } } } },
      })
      .expect(201);
    await request(sandbox.app).delete(FRAUD).set(K8S_AUTH).expect(200);

    const events = await watch.take(8);
    expect(summary(events)).toEqual([
      'ADDED customer-insights/churn-predictor',
      'ADDED fraud-detection/fraud-detector',
      'ADDED supply-chain/demand-forecaster',
      'MODIFIED fraud-detection/fraud-detector',
      'MODIFIED customer-insights/churn-predictor',
      'ADDED customer-insights/churn-v4',
      // DELETE marks the object (finalizer), KServe's controller lets go, it is gone.
      'MODIFIED fraud-detection/fraud-detector',
      'DELETED fraud-detection/fraud-detector',
    ]);
    const [modified, , , marked, deleted] = events.slice(3) as any[];
    expect(modified.object.metadata.labels.tier).toBe('gold');
    expect(marked.object.metadata.deletionTimestamp).toBeDefined();
    expect(Number(deleted.object.metadata.resourceVersion)).toBeGreaterThan(
      Number(marked.object.metadata.resourceVersion),
    );
    const versions = events
      .slice(3)
      .map((e: any) => Number(e.object.metadata.resourceVersion));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    watch.abort();
  });

  it('replays the changes after a resourceVersion, and nothing before it', async () => {
    const rv = await listRv();
    await patch(FRAUD, { metadata: { labels: { a: '1' } } });
    await patch(CHURN, { metadata: { labels: { a: '2' } } });
    const watch = await openWatch(server.baseUrl, `${P}/inferenceservices`, {
      resourceVersion: rv,
    });
    expect(summary(await watch.take(2))).toEqual([
      'MODIFIED fraud-detection/fraud-detector',
      'MODIFIED customer-insights/churn-predictor',
    ]);
    const current = await openWatch(server.baseUrl, `${P}/inferenceservices`, {
      resourceVersion: await listRv(),
    });
    await patch(FRAUD, { metadata: { labels: { a: '3' } } });
    expect(summary(await current.take(1))).toEqual([
      'MODIFIED fraud-detection/fraud-detector',
    ]);
    expect((current.events[0].object as any).metadata.labels.a).toBe('3');
    watch.abort();
    current.abort();
  });

  it('applies label and field selectors, reporting objects that leave or enter the selection', async () => {
    const watch = await openWatch(server.baseUrl, `${P}/inferenceservices`, {
      labelSelector: 'owner=fraud-detection',
    });
    const named = await openWatch(
      server.baseUrl,
      `${P}/namespaces/customer-insights/inferenceservices`,
      { fieldSelector: 'metadata.name=churn-predictor' },
    );
    await watch.take(1);
    await named.take(1);
    const moved = (
      await patch(FRAUD, { metadata: { labels: { owner: 'platform' } } })
    ).body;
    await patch(CHURN, { metadata: { labels: { touched: 'yes' } } });
    await patch(FRAUD, { metadata: { labels: { owner: 'fraud-detection' } } });
    const events = await watch.take(3);
    expect(summary(events)).toEqual([
      'ADDED fraud-detection/fraud-detector',
      'DELETED fraud-detection/fraud-detector',
      'ADDED fraud-detection/fraud-detector',
    ]);
    // Leaving the selection: the last matching state at the change's resourceVersion.
    const left = events[1].object as any;
    expect(left.metadata.labels.owner).toBe('fraud-detection');
    expect(left.metadata.resourceVersion).toBe(moved.metadata.resourceVersion);
    expect(summary(await named.take(2))).toEqual([
      'ADDED customer-insights/churn-predictor',
      'MODIFIED customer-insights/churn-predictor',
    ]);
    watch.abort();
    named.abort();
  });

  it('sends BOOKMARKs with the current resourceVersion when allowed', async () => {
    const watch = await openWatch(server.baseUrl, `${P}/inferenceservices`, {
      resourceVersion: await listRv(),
      allowWatchBookmarks: 'true',
    });
    await patch(FRAUD, { metadata: { labels: { a: 'b' } } });
    const events = await watch.take(3);
    const bookmark = events.find(e => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toEqual({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
    const last = events.filter(e => e.type === 'BOOKMARK').pop()!;
    expect((last.object as any).metadata.resourceVersion).toBe(await listRv());
    watch.abort();
    const plain = await openWatch(server.baseUrl, `${P}/inferenceservices`, {
      resourceVersion: await listRv(),
    });
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(plain.events).toEqual([]);
    plain.abort();
  });

  it('answers a resourceVersion older than the history with 410 Expired, then ends', async () => {
    const small = testSandbox({ kubernetes: { watchHistorySize: 2 } });
    const smallServer = await listening(small);
    try {
      const rv = Number(
        (await request(small.app).get(`${G}/inferenceservices`).set(K8S_AUTH))
          .body.metadata.resourceVersion,
      );
      for (const label of ['1', '2', '3']) {
        await request(small.app)
          .patch(FRAUD)
          .set(MERGE)
          .send({ metadata: { labels: { n: label } } })
          .expect(200);
      }
      const expired = await openWatch(
        smallServer.baseUrl,
        `${P}/inferenceservices`,
        { resourceVersion: String(rv) },
      );
      await expired.ended;
      expect(expired.events).toEqual([
        {
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${rv} (${rv + 1})`,
            reason: 'Expired',
            code: 410,
          },
        },
      ]);
      // The oldest version still covered by the history replays the rest.
      const kept = await openWatch(
        smallServer.baseUrl,
        `${P}/inferenceservices`,
        { resourceVersion: String(rv + 1) },
      );
      expect(summary(await kept.take(2))).toHaveLength(2);
      kept.abort();
    } finally {
      await smallServer.close();
    }
  });

  it('ends at timeoutSeconds', async () => {
    const res = await request(sandbox.app)
      .get(`${G}/namespaces/supply-chain/inferenceservices`)
      .query({ watch: '1', timeoutSeconds: '1' })
      .set(K8S_AUTH)
      .expect(200);
    expect(res.text.split('\n')).toEqual([
      expect.stringContaining('"type":"ADDED"'),
      '',
    ]);
    expect(sandbox.state.kubernetes.subscriberCount).toBe(0);
  });

  it('lets go when the client disconnects, on reset and when the server closes', async () => {
    const k8s = () => sandbox.state.kubernetes;
    const gone = await openWatch(server.baseUrl, `${P}/inferenceservices`);
    await gone.take(3);
    expect(k8s().subscriberCount).toBe(1);
    gone.abort();
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(k8s().subscriberCount).toBe(0);

    const beforeReset = await openWatch(
      server.baseUrl,
      `${P}/inferenceservices`,
    );
    await beforeReset.take(3);
    sandbox.reset();
    await beforeReset.ended;

    const open = await openWatch(server.baseUrl, `${P}/inferenceservices`, {
      allowWatchBookmarks: 'true',
    });
    await open.take(3);
    await server.close();
    await open.ended;
    expect(k8s().subscriberCount).toBe(0);
    server = await listening(sandbox);
  });

  it('answers bad watch parameters with a Status before streaming', async () => {
    const get = (query: Record<string, string>) =>
      request(sandbox.app)
        .get(`${G}/inferenceservices`)
        .query({ watch: 'true', ...query })
        .set(K8S_AUTH);
    expect((await get({ labelSelector: 'a in (' })).body).toMatchObject({
      kind: 'Status',
      code: 400,
    });
    expect((await get({ fieldSelector: 'spec.x=1' })).body.message).toBe(
      'field label not supported: spec.x',
    );
    const rv = await get({ resourceVersion: 'abc' });
    expect(rv.status).toBe(500);
    expect(rv.body.message).toBe(
      'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    );
    expect((await get({ timeoutSeconds: 'x' })).body.message).toBe(
      'strconv.ParseInt: parsing "x": invalid syntax',
    );
    // watch=false (or 0) is a plain list.
    const list = await get({ watch: 'false' }).expect(200);
    expect(list.body.kind).toBe('InferenceServiceList');
    expect(sandbox.state.kubernetes.subscriberCount).toBe(0);
  });
});
