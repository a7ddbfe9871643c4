import { deny } from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  actionsList,
  api,
  componentRef,
  invoke,
  ISVC,
  patches,
  useKserveBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const FRAUD_MODEL = 'component:default/fraud-detection-model';
const readOnly = { readOnly: true, destructive: false, idempotent: true };
const write = { readOnly: false, destructive: true, idempotent: true };

describe('kserve backend plugin: actions', () => {
  const { start } = useKserveBackend();

  it('lists every read and write with truthful attributes and the route’s fields', async () => {
    const { server } = await start({ actions: true });
    const res = await request(server).get(actionsList).expect(200);
    const actions: Array<{
      id: string;
      attributes: Record<string, boolean>;
      schema: {
        input: { properties: Record<string, unknown>; required?: string[] };
      };
    }> = res.body.actions;
    expect(
      Object.fromEntries(
        actions.map(a => [
          a.id,
          {
            attributes: a.attributes,
            fields: Object.keys(a.schema.input.properties).sort(),
            required: [...(a.schema.input.required ?? [])].sort(),
          },
        ]),
      ),
    ).toEqual({
      'kserve:list-clusters': {
        attributes: readOnly,
        fields: [],
        required: [],
      },
      'kserve:get-serving': {
        attributes: readOnly,
        fields: ['entityRef'],
        required: ['entityRef'],
      },
      'kserve:set-canary': {
        attributes: write,
        fields: ['entityRef', 'percent', 'resourceVersion'],
        required: ['entityRef', 'percent', 'resourceVersion'],
      },
      'kserve:promote-canary': {
        attributes: write,
        fields: ['entityRef', 'resourceVersion'],
        required: ['entityRef', 'resourceVersion'],
      },
      'kserve:rollback-canary': {
        attributes: write,
        fields: ['entityRef', 'resourceVersion'],
        required: ['entityRef', 'resourceVersion'],
      },
    });
  });

  it('answers reads as the routes do, and writes through the same pipeline', async () => {
    const { server, prod, audit, permissions } = await start({
      actions: true,
    });
    const call = async (action: string, input: object) => {
      const res = await request(server).post(invoke(action)).send(input);
      if (res.status !== 200) {
        throw new Error(
          `${action} answered ${res.status}: ${JSON.stringify(res.body)}`,
        );
      }
      return res.body.output;
    };

    const clusters = await call('list-clusters', {});
    expect(clusters).toEqual(
      (await request(server).get('/api/kserve/clusters')).body,
    );
    const read = await call('get-serving', { entityRef: FRAUD_MODEL });
    const route = await request(server).get(api('fraud-detection-model'));
    expect(read).toEqual(route.body);
    expect(read.serving.inferenceService.verdict.kind).toBe('Canary');
    // Degraded, with an error as data on a dead cluster: the output schema keeps all of it.
    for (const entity of ['churn-model', 'fraud-on-a-dead-cluster']) {
      expect(
        await call('get-serving', { entityRef: `component:default/${entity}` }),
      ).toEqual((await request(server).get(api(entity))).body);
    }

    const asksBeforeWrites = permissions.authorize.mock.calls.length;
    let resourceVersion = read.serving.inferenceService.resourceVersion;
    const set = await call('set-canary', {
      entityRef: FRAUD_MODEL,
      percent: 50,
      resourceVersion,
    });
    expect(set.inferenceService.predictor.canaryTrafficPercent).toBe(50);
    resourceVersion = set.inferenceService.resourceVersion;
    const rolledBack = await call('rollback-canary', {
      entityRef: FRAUD_MODEL,
      resourceVersion,
    });
    resourceVersion = rolledBack.inferenceService.resourceVersion;
    await call('promote-canary', { entityRef: FRAUD_MODEL, resourceVersion });

    expect(patches(prod).map(p => (p as { percent: number }).percent)).toEqual([
      50, 0, 100,
    ]);
    expect(
      audit.filter(a => a.status === 'succeeded').map(a => a.eventId),
    ).toEqual([
      'kserve-canary-set',
      'kserve-canary-rollback',
      'kserve-canary-promote',
    ]);
    // Each write authorized on the ingested Component, as the route's is.
    const writeAsks = permissions.authorize.mock.calls
      .slice(asksBeforeWrites)
      .map(([requests]) => requests)
      .filter(requests => requests.length === 1)
      .map(([r]) => [
        r.permission.name,
        (r as { resourceRef?: string }).resourceRef,
      ]);
    expect(writeAsks).toEqual(
      expect.arrayContaining([
        ['kserve.canary.update', componentRef(ISVC.fraud)],
        ['kserve.canary.rollback', componentRef(ISVC.fraud)],
      ]),
    );
    expect(
      writeAsks.every(
        ([, resourceRef]) => resourceRef === componentRef(ISVC.fraud),
      ),
    ).toBe(true);
  });

  it('refuses a write action like its route: 403, nothing patched, the attempt audited', async () => {
    const { server, prod, audit } = await start({
      actions: true,
      decide: deny('kserve.canary.update'),
    });
    const res = await request(server)
      .post(invoke('promote-canary'))
      .send({
        entityRef: FRAUD_MODEL,
        resourceVersion: prod.peek(ISVC.fraud)!.metadata.resourceVersion,
      });
    expect(res.status).toBe(403);
    expect(patches(prod)).toEqual([]);
    expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
  });

  it('answers a stale resourceVersion with the route’s 409', async () => {
    const { server, prod } = await start({ actions: true });
    const res = await request(server)
      .post(invoke('rollback-canary'))
      .send({ entityRef: FRAUD_MODEL, resourceVersion: '1' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /changed since you loaded it \(resourceVersion 1, now \d+\); reload and try again/,
    );
    expect(patches(prod)).toEqual([]);
  });

  it('refuses bad action input with a 400 before anything runs', async () => {
    const { server, prod, audit } = await start({ actions: true });
    for (const [action, input] of [
      [
        'set-canary',
        { entityRef: FRAUD_MODEL, percent: 120, resourceVersion: '1' },
      ],
      [
        'set-canary',
        { entityRef: FRAUD_MODEL, percent: 0.5, resourceVersion: '1' },
      ],
      ['set-canary', { entityRef: FRAUD_MODEL, resourceVersion: '1' }],
      ['promote-canary', { entityRef: FRAUD_MODEL }],
      [
        'promote-canary',
        { entityRef: FRAUD_MODEL, resourceVersion: '1', percent: 5 },
      ],
      ['rollback-canary', { resourceVersion: '1' }],
      ['get-serving', {}],
    ] as const) {
      const res = await request(server).post(invoke(action)).send(input);
      expect({ action, input, status: res.status }).toEqual({
        action,
        input,
        status: 400,
      });
    }
    expect(prod.calls).toEqual([]);
    expect(audit).toEqual([]);
  });
});
