import request from 'supertest';
import { K8S_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { Sandbox } from '../index';

const EVENTS = '/kubernetes/api/v1/namespaces';

describe('Kubernetes events', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });
  const list = (path: string, query: Record<string, string> = {}) =>
    request(sandbox.app).get(path).query(query).set(K8S_AUTH);

  it('lists what the KServe controller recorded about the story, as v1 Events', async () => {
    const fraud = (
      await request(sandbox.app)
        .get(
          '/kubernetes/apis/serving.kserve.io/v1beta1/namespaces/fraud-detection/inferenceservices/fraud-detector',
        )
        .set(K8S_AUTH)
    ).body;
    const res = await list(`${EVENTS}/fraud-detection/events`).expect(200);
    expect(res.body).toMatchObject({
      kind: 'EventList',
      apiVersion: 'v1',
      metadata: { resourceVersion: sandbox.state.kubernetes.resourceVersion },
    });
    const [readyEvent, traffic] = res.body.items;
    expect(readyEvent).toEqual({
      metadata: {
        name: expect.stringMatching(/^fraud-detector\.[0-9a-f]{16}$/),
        namespace: 'fraud-detection',
        uid: expect.any(String),
        resourceVersion: expect.stringMatching(/^\d+$/),
        creationTimestamp: '2026-10-08T10:04:00Z',
      },
      involvedObject: {
        kind: 'InferenceService',
        namespace: 'fraud-detection',
        name: 'fraud-detector',
        uid: fraud.metadata.uid,
        apiVersion: 'serving.kserve.io/v1beta1',
        resourceVersion: fraud.metadata.resourceVersion,
      },
      reason: 'InferenceServiceReady',
      message: 'InferenceService [fraud-detector] is Ready',
      source: { component: 'v1beta1Controllers' },
      firstTimestamp: '2026-10-08T10:04:00Z',
      lastTimestamp: '2026-10-31T08:20:00Z',
      count: 5,
      type: 'Normal',
      eventTime: null,
      reportingComponent: 'v1beta1Controllers',
      reportingInstance: '',
    });
    expect(traffic).toMatchObject({
      reason: 'UpdatedTraffic',
      message:
        'Traffic split 80/20 between revisions fraud-detector-predictor-00004 (prev) and fraud-detector-predictor-00005 (latest)',
    });
    // client-go names an event after the nanosecond timestamp it first happened at.
    const ns = BigInt(Date.parse(readyEvent.firstTimestamp)) * BigInt(1e6);
    expect(readyEvent.metadata.name).toBe(`fraud-detector.${ns.toString(16)}`);
  });

  it('selects by involvedObject fields, reason and type, across namespaces', async () => {
    const reasons = async (path: string, fieldSelector: string) =>
      (await list(path, { fieldSelector }).expect(200)).body.items.map(
        (e: any) => `${e.involvedObject.name} ${e.type} ${e.reason}`,
      );
    expect(
      await reasons(
        `${EVENTS}/supply-chain/events`,
        'involvedObject.name=demand-forecaster,involvedObject.kind=InferenceService',
      ),
    ).toEqual([
      'demand-forecaster Normal InferenceServiceReady',
      'demand-forecaster Warning RevisionFailed',
    ]);
    const warning = (
      await list('/kubernetes/api/v1/events', { fieldSelector: 'type=Warning' })
    ).body.items[0];
    expect(warning.message).toContain('CrashLoopBackOff');
    expect(warning.count).toBeGreaterThan(1);
    expect(
      await reasons(
        '/kubernetes/api/v1/events',
        `involvedObject.uid=${warning.involvedObject.uid}`,
      ),
    ).toHaveLength(2);
    expect(
      await reasons(
        '/kubernetes/api/v1/events',
        'involvedObject.namespace=customer-insights,reason!=RevisionFailed',
      ),
    ).toEqual(['churn-predictor Normal InferenceServiceReady']);
    expect(
      await reasons(
        `${EVENTS}/fraud-detection/events`,
        'involvedObject.kind=Pod',
      ),
    ).toEqual([]);
    expect(await reasons(`${EVENTS}/ghost/events`, '')).toEqual([]);
    const bad = await list(`${EVENTS}/supply-chain/events`, {
      fieldSelector: 'involvedObject.color=red',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe(
      'field label not supported: involvedObject.color',
    );
  });

  it('pages with limit and continue', async () => {
    const first = (await list('/kubernetes/api/v1/events', { limit: '2' }))
      .body;
    expect(first.items).toHaveLength(2);
    expect(first.metadata.remainingItemCount).toBe(3);
    const rest = (
      await list('/kubernetes/api/v1/events', {
        continue: first.metadata.continue,
      })
    ).body;
    expect(
      [...first.items, ...rest.items].map((e: any) => e.metadata.name),
    ).toEqual(
      (await list('/kubernetes/api/v1/events')).body.items.map(
        (e: any) => e.metadata.name,
      ),
    );
    expect(rest.items).toHaveLength(3);
  });
});
