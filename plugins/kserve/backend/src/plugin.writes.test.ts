import { ServingResponse } from '@mlops-portal/plugin-kserve-common';
import { FakeKserveCluster } from '@mlops-portal/plugin-kserve-node/testUtils';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import { deny } from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  componentRef,
  ISVC,
  patches,
  prodCluster,
  traffic,
  useKserveBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const versionOf = (cluster: FakeKserveCluster, ref: NamespacedName) =>
  cluster.peek(ref)!.metadata.resourceVersion!;

describe('kserve backend plugin: traffic changes', () => {
  const { start } = useKserveBackend();

  it('promotes the canary: 100 % patched on the version read, authorized on the ingested Component, audited before → after', async () => {
    const { server, prod, audit, permissions } = await start();
    const loaded = versionOf(prod, ISVC.fraud);
    const response = await request(server)
      .post(traffic())
      .send({ change: { kind: 'promote' }, resourceVersion: loaded });
    expect(response.status).toBe(200);
    expect(patches(prod)).toEqual([
      { ...ISVC.fraud, percent: 100, resourceVersion: loaded },
    ]);
    const body = response.body as ServingResponse;
    expect(body.inferenceService).toMatchObject({
      name: 'fraud-detector',
      resourceVersion: versionOf(prod, ISVC.fraud),
      predictor: { canaryTrafficPercent: 100 },
    });
    expect(body.inferenceService.resourceVersion).not.toBe(loaded);
    expect(body.allowed).toEqual({ update: true, rollback: true });
    expect(body.authority).toEqual({ entityRef: componentRef(ISVC.fraud) });

    // Asked on the InferenceService's ingested Component, not on the Component that names it.
    const writeAsk = permissions.authorize.mock.calls[0][0];
    expect(writeAsk).toEqual([
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'kserve.canary.update' }),
        resourceRef: componentRef(ISVC.fraud),
      }),
    ]);
    expect(audit.map(a => [a.eventId, a.status])).toEqual([
      ['kserve-canary-promote', 'initiated'],
      ['kserve-canary-promote', 'succeeded'],
    ]);
    expect(audit[1].request).toEqual({
      method: 'POST',
      url: traffic(),
    });
    expect(audit[1].meta).toMatchObject({
      actor: { userEntityRef: 'user:default/mock' },
      entityRef: 'component:default/fraud-detection-model',
      cluster: 'prod',
      namespace: 'models',
      name: 'fraud-detector',
      change: { kind: 'promote' },
      canaryTrafficPercent: 100,
      resourceVersion: loaded,
      authority: componentRef(ISVC.fraud),
      before: {
        resourceVersion: loaded,
        canaryTrafficPercent: 20,
        latestPercent: 20,
        stablePercent: 80,
        split: [
          {
            revisionName: 'fraud-detector-predictor-00003',
            percent: 20,
            latestRevision: true,
            tag: 'latest',
          },
          {
            revisionName: 'fraud-detector-predictor-00002',
            percent: 80,
            latestRevision: false,
            tag: 'prev',
          },
        ],
      },
      after: {
        resourceVersion: versionOf(prod, ISVC.fraud),
        canaryTrafficPercent: 100,
      },
    });
  });

  it('rolls the canary back to 0 % under its own permission', async () => {
    const { server, prod, audit, permissions } = await start({
      decide: deny('kserve.canary.update'),
    });
    const loaded = versionOf(prod, ISVC.fraud);
    const response = await request(server)
      .post(traffic())
      .send({ change: { kind: 'rollback' }, resourceVersion: loaded });
    expect(response.status).toBe(200);
    expect(patches(prod)).toEqual([
      { ...ISVC.fraud, percent: 0, resourceVersion: loaded },
    ]);
    expect(response.body.inferenceService.predictor.canaryTrafficPercent).toBe(
      0,
    );
    expect(response.body.allowed).toEqual({ update: false, rollback: true });
    expect(permissions.authorize.mock.calls[0][0][0]).toMatchObject({
      permission: { name: 'kserve.canary.rollback' },
      resourceRef: componentRef(ISVC.fraud),
    });
    expect(audit[1]).toMatchObject({
      eventId: 'kserve-canary-rollback',
      status: 'succeeded',
      meta: {
        before: { canaryTrafficPercent: 20 },
        after: { canaryTrafficPercent: 0 },
      },
    });
  });

  it.each([0, 35, 100])('sets the canary to exactly %i %', async percent => {
    const { server, prod, audit } = await start();
    const loaded = versionOf(prod, ISVC.fraud);
    const response = await request(server)
      .post(traffic())
      .send({ change: { kind: 'set', percent }, resourceVersion: loaded });
    expect(response.status).toBe(200);
    expect(patches(prod)).toEqual([
      { ...ISVC.fraud, percent, resourceVersion: loaded },
    ]);
    expect(
      (prod.peek(ISVC.fraud)!.spec as any).predictor.canaryTrafficPercent,
    ).toBe(percent);
    expect(audit[1]).toMatchObject({
      eventId: 'kserve-canary-set',
      meta: { change: { kind: 'set', percent } },
    });
  });

  it('sets a canary on a Serverless InferenceService that has none yet', async () => {
    const { server, prod } = await start();
    const response = await request(server)
      .post(traffic('iris-model'))
      .send({
        change: { kind: 'set', percent: 10 },
        resourceVersion: versionOf(prod, ISVC.iris),
      });
    expect(response.status).toBe(200);
    expect(patches(prod)).toEqual([
      expect.objectContaining({ ...ISVC.iris, percent: 10 }),
    ]);
  });

  describe('409: changed since it was loaded', () => {
    it('refuses a stale resourceVersion before anything is sent or recorded', async () => {
      const { server, prod, audit } = await start();
      const now = versionOf(prod, ISVC.fraud);
      const response = await request(server)
        .post(traffic())
        .send({ change: { kind: 'promote' }, resourceVersion: '42' });
      expect(response.status).toBe(409);
      expect(response.body.error.name).toBe('ConflictError');
      expect(response.body.error.message).toBe(
        `InferenceService models/fraud-detector changed since you loaded it (resourceVersion 42, now ${now}); reload and try again`,
      );
      expect(patches(prod)).toEqual([]);
      expect(audit).toEqual([]);
    });

    it('asks for a reload before judging the change on what the object is now', async () => {
      // Loaded as a canary, promoted meanwhile: the caller must see that first, not "no canary".
      const { server, prod } = await start();
      const response = await request(server)
        .post(traffic('iris-model'))
        .send({ change: { kind: 'rollback' }, resourceVersion: '1' });
      expect(response.status).toBe(409);
      expect(response.body.error.message).toMatch(/reload and try again$/);
      expect(patches(prod)).toEqual([]);
    });

    it('gives the same message when the API server refuses the patch (changed in between)', async () => {
      const prod = prodCluster();
      // Someone changes the object right after the portal read it.
      const get = prod.getInferenceService.bind(prod);
      let raced = false;
      prod.getInferenceService = async ref => {
        const object = await get(ref);
        if (!raced) {
          raced = true;
          prod.put({
            ...object,
            metadata: { ...object.metadata, labels: { touched: 'yes' } },
          });
        }
        return object;
      };
      const { server, audit } = await start({ prod });
      const loaded = versionOf(prod, ISVC.fraud);
      const response = await request(server)
        .post(traffic())
        .send({
          change: { kind: 'set', percent: 50 },
          resourceVersion: loaded,
        });
      const now = versionOf(prod, ISVC.fraud);
      expect(now).not.toBe(loaded);
      expect(response.status).toBe(409);
      expect(response.body.error.message).toBe(
        `InferenceService models/fraud-detector changed since you loaded it (resourceVersion ${loaded}, now ${now}); reload and try again`,
      );
      // Sent once, refused by its precondition; nothing changed.
      expect(patches(prod)).toHaveLength(1);
      expect(
        (prod.peek(ISVC.fraud)!.spec as any).predictor.canaryTrafficPercent,
      ).toBe(20);
      expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
    });
  });

  describe('400: refused with the reason', () => {
    it.each([
      ['raw-model', ISVC.raw, 'RawDeployment'],
      ['standard-model', ISVC.standard, 'Standard'],
    ])('has no canary on %s (%s mode)', async (entity, ref, mode) => {
      const { server, prod, audit } = await start();
      for (const change of [
        { kind: 'set', percent: 10 },
        { kind: 'promote' },
        { kind: 'rollback' },
      ]) {
        const response = await request(server)
          .post(traffic(entity))
          .send({ change, resourceVersion: versionOf(prod, ref) });
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toMatch(
          new RegExp(
            `of InferenceService models/${ref.name} on cluster 'prod': KServe has no canary rollout in ${mode} mode`,
          ),
        );
      }
      expect(patches(prod)).toEqual([]);
      expect(audit).toEqual([]);
    });

    it('has no canary to promote or roll back when one revision serves everything', async () => {
      const { server, prod } = await start();
      for (const kind of ['promote', 'rollback']) {
        const response = await request(server)
          .post(traffic('iris-model'))
          .send({
            change: { kind },
            resourceVersion: versionOf(prod, ISVC.iris),
          });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          new RegExp(
            `^InferenceService kserve-test/sklearn-iris on cluster 'prod' has no canary to ${
              kind === 'promote' ? 'promote' : 'roll back'
            }: sklearn-iris-predictor-00003 gets 100 % and no previous revision is in the split`,
          ),
        );
      }
      expect(patches(prod)).toEqual([]);
    });

    it('has no canary to promote while the latest revision is not ready', async () => {
      const { server, prod } = await start();
      const response = await request(server)
        .post(traffic('churn-model'))
        .send({
          change: { kind: 'promote' },
          resourceVersion: versionOf(prod, ISVC.churn),
        });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(
        /its latest revision churn-predictor-predictor-00003 is not ready/,
      );
    });

    it.each([
      ['a percent over 100', { change: { kind: 'set', percent: 101 } }],
      ['a negative percent', { change: { kind: 'set', percent: -1 } }],
      ['a fractional percent', { change: { kind: 'set', percent: 12.5 } }],
      ['a percent as text', { change: { kind: 'set', percent: '20' } }],
      ['set without a percent', { change: { kind: 'set' } }],
      ['promote with a percent', { change: { kind: 'promote', percent: 5 } }],
      ['an unknown kind', { change: { kind: 'pause' } }],
      ['no change', {}],
    ])('refuses %s before anything is read', async (_what, body) => {
      const { server, prod, audit } = await start();
      const response = await request(server)
        .post(traffic())
        .send({ resourceVersion: '1', ...body });
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      expect(prod.calls).toEqual([]);
      expect(audit).toEqual([]);
    });

    it.each([
      ['no resourceVersion', { change: { kind: 'promote' } }],
      [
        'an empty resourceVersion',
        { change: { kind: 'promote' }, resourceVersion: ' ' },
      ],
      [
        'a numeric resourceVersion',
        { change: { kind: 'promote' }, resourceVersion: 7 },
      ],
      [
        'an unknown field',
        { change: { kind: 'promote' }, resourceVersion: '1', force: true },
      ],
    ])('refuses %s', async (_what, body) => {
      const { server, prod } = await start();
      const response = await request(server).post(traffic()).send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^Invalid request body: /);
      expect(prod.calls).toEqual([]);
    });

    it('names the kinds it knows', async () => {
      const { server } = await start();
      const response = await request(server)
        .post(traffic())
        .send({ change: { kind: 'pause' }, resourceVersion: '1' });
      expect(response.body.error.message).toMatch(
        /kind must be 'set', 'promote' or 'rollback'/,
      );
    });
  });
});
