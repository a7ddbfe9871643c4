import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubeflowRunView } from '@mlops-portal/plugin-kubeflow-common';
import {
  annotatingComponent,
  deny,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  api,
  ENTITIES,
  ingestedPipeline,
  pipelineEntityRef,
  STORY,
  useKubeflowBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const { fraudPipeline: FRAUD, demandPipeline: DEMAND } = STORY;
const createRun = (entity = 'fraud-detection-model') => api(entity, '/runs');
const toggle = (entity: string, recurringRunId: string) =>
  api(entity, `/recurring-runs/${recurringRunId}/enabled`);

describe('kubeflow backend plugin: writes', () => {
  const { start } = useKubeflowBackend();

  describe('start a run', () => {
    it('starts the newest version with the parameters, authorized on the ingested pipeline, audited', async () => {
      const { server, audit, permissions, kubeflow } = await start();
      const response = await request(server)
        .post(createRun())
        .send({
          name: 'retrain after the incident',
          parameters: { registered_model: 'fraud-detector', lookback_days: 30 },
        });
      expect(response.status).toBe(201);
      const run = response.body as KubeflowRunView;
      expect(run).toMatchObject({
        name: 'retrain after the incident',
        pipelineId: FRAUD.id,
        pipelineVersionId: FRAUD.versions.v3.id,
        url: expect.stringContaining(`/#/runs/details/${run.runId}`),
      });
      const created = kubeflow.calls.filter(c => c.method === 'createRun');
      expect(created).toHaveLength(1);
      expect(created[0].args[0]).toMatchObject({
        pipelineVersionId: FRAUD.versions.v3.id,
        parameters: { registered_model: 'fraud-detector', lookback_days: 30 },
      });

      // Asked on the pipeline's ingested Resource, not on the Component that names it.
      const asked = permissions.authorize.mock.calls.flatMap(([requests]) =>
        requests.map(r => ({
          permission: r.permission.name,
          resourceRef: (r as { resourceRef?: string }).resourceRef,
        })),
      );
      expect(asked).toEqual([
        {
          permission: 'kubeflow.run.create',
          resourceRef: pipelineEntityRef(FRAUD),
        },
      ]);
      expect(audit.map(a => [a.eventId, a.status])).toEqual([
        ['kubeflow-run-create', 'initiated'],
        ['kubeflow-run-create', 'succeeded'],
      ]);
      expect(audit[1].meta).toMatchObject({
        actor: { userEntityRef: 'user:default/mock' },
        entityRef: 'component:default/fraud-detection-model',
        instance: 'sandbox',
        pipelineId: FRAUD.id,
        pipelineVersionId: FRAUD.versions.v3.id,
        runName: 'retrain after the incident',
        parameterNames: ['registered_model', 'lookback_days'],
        authority: pipelineEntityRef(FRAUD),
        before: null,
        after: { runId: run.runId, state: run.state ?? null },
      });
    });

    it('runs the version asked for, in the entity’s experiment, with a dated name by default', async () => {
      const { server, kubeflow } = await start();
      const response = await request(server)
        .post(createRun('demand-forecast-model'))
        .send({
          pipelineVersionId: DEMAND.versions.v1.id,
          parameters: { registered_model: 'demand-forecaster' },
        });
      expect(response.status).toBe(201);
      expect(response.body.name).toMatch(
        /^demand-forecast-training \d{4}-\d\d-\d\dT/,
      );
      const [call] = kubeflow.calls.filter(c => c.method === 'createRun');
      expect(call.args[0]).toMatchObject({
        pipelineVersionId: DEMAND.versions.v1.id,
        experimentId: DEMAND.experiment.id,
      });
    });

    it.each([
      ['a missing required parameter', {}, /'registered_model' is required/],
      [
        'a parameter of the wrong type',
        { registered_model: 'x', lookback_days: 'thirty' },
        /'lookback_days' must be an integer/,
      ],
      [
        'an undeclared parameter',
        { registered_model: 'x', epochs: 3 },
        /'epochs' is not declared/,
      ],
    ])(
      'refuses %s: 400, nothing created or recorded',
      async (_what, parameters, message) => {
        const { server, audit, kubeflow } = await start();
        const response = await request(server)
          .post(createRun())
          .send({ parameters });
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toMatch(message);
        expect(kubeflow.writes()).toEqual([]);
        expect(audit).toEqual([]);
      },
    );

    it.each([
      ['parameters that are a list', { parameters: [1, 2] }],
      ['a version id KFP would refuse', { pipelineVersionId: 'v3' }],
      ['an experiment id KFP would refuse', { experimentId: 'fraud' }],
      ['a run name with a control character', { name: 'a\u0000b' }],
      ['an unknown field', { params: {} }],
    ])('refuses %s: 400 before anything is read', async (_what, body) => {
      const { server, audit, kubeflow } = await start();
      const response = await request(server).post(createRun()).send(body);
      expect(response.status).toBe(400);
      expect(kubeflow.calls).toEqual([]);
      expect(audit).toEqual([]);
    });

    it('answers 404 for a version of another pipeline', async () => {
      const { server, kubeflow } = await start();
      const response = await request(server)
        .post(createRun())
        .send({
          pipelineVersionId: DEMAND.versions.v2.id,
          parameters: { registered_model: 'x' },
        });
      expect(response.status).toBe(404);
      expect(kubeflow.writes()).toEqual([]);
    });

    it('refuses without permission: 403, no run, the attempt audited as failed', async () => {
      const { server, audit, kubeflow } = await start({
        decide: deny('kubeflow.run.create'),
      });
      const response = await request(server)
        .post(createRun())
        .send({ parameters: { registered_model: 'fraud-detector' } });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(
        /owned by 'group:default\/fraud-detection'/,
      );
      expect(kubeflow.writes()).toEqual([]);
      expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
    });

    it('answers 503 naming a dead instance', async () => {
      const { server } = await start();
      const response = await request(server)
        .post(createRun('fraud-on-a-dead-instance'))
        .send({ parameters: { registered_model: 'fraud-detector' } });
      expect(response.status).toBe(503);
      expect(response.body.error.message).toMatch(/down/);
    });
  });

  describe('a Component that names someone else’s pipeline (takeover)', () => {
    // Mallory's own Component names the fraud team's pipeline; Mallory may change anything
    // Mallory owns, and nothing else.
    const takeover = annotatingComponent(
      'fraud-takeover',
      { 'kubeflow.org/pipeline': FRAUD.name },
      'group:default/mallory',
    );
    const mallory = ({
      permission,
      resourceRef,
    }: {
      permission: string;
      resourceRef?: string;
    }) =>
      permission.startsWith('kubeflow.') &&
      resourceRef !== 'component:default/fraud-takeover'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;

    it('cannot start a run of it: the pipeline’s ingested entity decides', async () => {
      const { server, kubeflow } = await start({
        entities: [...ENTITIES, takeover],
        decide: mallory,
      });
      const response = await request(server)
        .post(createRun('fraud-takeover'))
        .send({ parameters: { registered_model: 'fraud-detector' } });
      expect(response.status).toBe(403);
      expect(kubeflow.writes()).toEqual([]);
    });

    it('cannot disable its recurring run', async () => {
      const { server, kubeflow } = await start({
        entities: [...ENTITIES, takeover],
        decide: mallory,
      });
      const response = await request(server)
        .post(toggle('fraud-takeover', FRAUD.recurringRun.id))
        .send({ enabled: false });
      expect(response.status).toBe(403);
      expect(kubeflow.writes()).toEqual([]);
    });

    it('cannot start a run through a look-alike Resource Mallory registered by hand', async () => {
      const lookAlike = ingestedPipeline(FRAUD, 'group:default/mallory', {
        location: 'url:https://example.com/catalog-info.yaml',
      });
      const { server, kubeflow } = await start({
        entities: [
          ...ENTITIES.filter(e => e.metadata.name !== lookAlike.metadata.name),
          lookAlike,
          takeover,
        ],
        decide: ({ permission, resourceRef }) =>
          permission === 'mlops.unmanaged-object.write' ||
          (resourceRef !== undefined &&
            resourceRef !== 'component:default/fraud-takeover' &&
            resourceRef !== pipelineEntityRef(FRAUD))
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const response = await request(server)
        .post(createRun('fraud-takeover'))
        .send({ parameters: { registered_model: 'fraud-detector' } });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(/only admins may change it/);
      expect(kubeflow.writes()).toEqual([]);
    });
  });

  describe('enable and disable a recurring run', () => {
    it('disables and enables it, answering it afterwards, audited before → after', async () => {
      const { server, audit, permissions } = await start();
      const set = (enabled: unknown) =>
        request(server)
          .post(toggle('fraud-detection-model', FRAUD.recurringRun.id))
          .send({ enabled });
      const disabled = await set(false);
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({
        recurringRunId: FRAUD.recurringRun.id,
        enabled: false,
      });
      expect(audit[1]).toMatchObject({
        eventId: 'kubeflow-recurring-run-toggle',
        status: 'succeeded',
        meta: {
          recurringRunId: FRAUD.recurringRun.id,
          before: { enabled: true },
          after: { enabled: false },
        },
      });
      expect(permissions.authorize.mock.calls[0][0][0]).toMatchObject({
        permission: { name: 'kubeflow.recurringRun.toggle' },
        resourceRef: pipelineEntityRef(FRAUD),
      });
      const listed = await request(server).get(
        api('fraud-detection-model', '/recurring-runs'),
      );
      expect(listed.body.items[0].enabled).toBe(false);
      expect((await set(true)).body.enabled).toBe(true);
      expect((await set('yes')).status).toBe(400);
    });

    it('answers 404 for a recurring run of another pipeline, writing nothing', async () => {
      const { server, audit, kubeflow } = await start();
      const response = await request(server)
        .post(toggle('fraud-detection-model', DEMAND.recurringRun.id))
        .send({ enabled: true });
      expect(response.status).toBe(404);
      expect(response.body.error.message).toMatch(
        /has no Kubeflow recurring run/,
      );
      expect(kubeflow.writes()).toEqual([]);
      expect(audit).toEqual([]);
    });

    it('finds it through the entity’s experiment, authorized on its own pipeline', async () => {
      const { server, permissions } = await start();
      const response = await request(server)
        .post(toggle('fraud-experiment', FRAUD.recurringRun.id))
        .send({ enabled: false });
      expect(response.status).toBe(200);
      expect(permissions.authorize.mock.calls[0][0][0]).toMatchObject({
        resourceRef: pipelineEntityRef(FRAUD),
      });
    });
  });
});
