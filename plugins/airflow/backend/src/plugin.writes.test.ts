import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  describeConfProblem,
  describeDateTimeProblem,
} from '@mlops-portal/plugin-airflow-common';
import { AIRFLOW_DAGS } from '@mlops-portal/sandbox';
import {
  annotatingComponent,
  deny,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  api,
  dagEntityRef,
  ENTITIES,
  ingestedDag,
  useAirflowBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const TRAINING: string = AIRFLOW_DAGS.fraudTraining;
const trigger = (entity = 'fraud-detection-model', dag = TRAINING) =>
  api(entity, `/dags/${dag}/runs`);

describe('airflow backend plugin: writes', () => {
  const { start, airflow } = useAirflowBackend();

  describe('trigger', () => {
    it('triggers with conf and a note naming the user, authorized on the ingested DAG, audited', async () => {
      const { server, audit, permissions } = await start();
      const before = airflow().runsOf(TRAINING).length;
      const response = await request(server)
        .post(trigger())
        .send({ conf: { lookback_days: 30 }, note: 'backfill check' });
      expect(response.status).toBe(200);
      expect(response.body.item).toMatchObject({
        dagId: TRAINING,
        runType: 'manual',
        note: 'Triggered from Backstage by user:default/mock: backfill check',
        url: expect.stringContaining(`/dags/${TRAINING}/runs/`),
      });
      const runs = airflow().runsOf(TRAINING);
      expect(runs).toHaveLength(before + 1);
      const created = runs.find(r => r.runId === response.body.item.runId)!;
      expect(created.conf).toEqual({ lookback_days: 30 });

      // Asked on the DAG's ingested Resource, not on the Component that names it.
      const asked = permissions.authorize.mock.calls.flatMap(([requests]) =>
        requests.map(r => ({
          permission: r.permission.name,
          resourceRef: (r as { resourceRef?: string }).resourceRef,
        })),
      );
      expect(asked).toContainEqual({
        permission: 'airflow.dag.trigger',
        resourceRef: dagEntityRef(TRAINING),
      });
      expect(audit.map(a => [a.eventId, a.status])).toEqual([
        ['dag-run-trigger', 'initiated'],
        ['dag-run-trigger', 'succeeded'],
      ]);
      expect(audit[1].meta).toMatchObject({
        actor: { userEntityRef: 'user:default/mock' },
        entityRef: 'component:default/fraud-detection-model',
        instance: 'sandbox',
        dagId: TRAINING,
        confKeys: ['lookback_days'],
        before: null,
        after: { runId: response.body.item.runId, state: 'queued' },
      });
    });

    it('triggers on Airflow 2 (API v1) too', async () => {
      const { server } = await start();
      const response = await request(server)
        .post(trigger('churn-on-airflow2', AIRFLOW_DAGS.churnRetrain))
        .send({});
      expect(response.status).toBe(200);
      expect(response.body.item.url).toContain('/grid?dag_run_id=');
    });

    it.each([
      ['a list', { conf: [1, 2] }, `conf: ${describeConfProblem([1, 2])}`],
      [
        'a string',
        { conf: '{"a":1}' },
        `conf: ${describeConfProblem('{"a":1}')}`,
      ],
      ['null', { conf: null }, `conf: ${describeConfProblem(null)}`],
      ['an unknown field', { confs: {} }, 'confs'],
      [
        'a bad logical date',
        { logicalDate: 'tomorrow' },
        `logicalDate: ${describeDateTimeProblem('logicalDate', 'tomorrow')}`,
      ],
      [
        'a day that does not exist',
        { logicalDate: '2026-02-30T00:00:00Z' },
        'logicalDate: logicalDate must be an RFC 3339 date-time',
      ],
      ['an overlong note', { note: 'x'.repeat(1001) }, 'note'],
    ])(
      'refuses conf or input that is %s: 400, nothing recorded or sent',
      async (_what, body, problem) => {
        const { server, audit } = await start();
        const before = airflow().runsOf(TRAINING).length;
        const response = await request(server).post(trigger()).send(body);
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toContain(problem);
        expect(audit).toEqual([]);
        expect(airflow().runsOf(TRAINING)).toHaveLength(before);
      },
    );

    it('refuses without permission: 403, no run, the attempt audited as failed', async () => {
      const { server, audit } = await start({
        decide: deny('airflow.dag.trigger'),
      });
      const before = airflow().runsOf(TRAINING).length;
      const response = await request(server).post(trigger()).send({});
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(
        /owned by 'group:default\/fraud-detection'/,
      );
      expect(airflow().runsOf(TRAINING)).toHaveLength(before);
      expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
    });

    it('answers 404 for a DAG the entity does not annotate, recording nothing', async () => {
      const { server, audit } = await start();
      const response = await request(server)
        .post(trigger('fraud-detection-model', AIRFLOW_DAGS.churnRetrain))
        .send({});
      expect(response.status).toBe(404);
      expect(audit).toEqual([]);
    });

    it('answers 503 naming a dead instance', async () => {
      const { server } = await start();
      const response = await request(server)
        .post(trigger('fraud-on-a-dead-instance'))
        .send({});
      expect(response.status).toBe(503);
      expect(response.body.error.message).toMatch(/down/);
    });
  });

  describe('a Component that names someone else’s DAG (takeover)', () => {
    // Mallory's own Component names the fraud team's training DAG; Mallory may change
    // anything Mallory owns, and nothing else.
    const takeover = annotatingComponent(
      'fraud-takeover',
      { 'airflow.apache.org/dag-id': TRAINING },
      'group:default/mallory',
    );
    const mallory = ({
      permission,
      resourceRef,
    }: {
      permission: string;
      resourceRef?: string;
    }) =>
      permission.startsWith('airflow.') &&
      resourceRef !== 'component:default/fraud-takeover'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;

    it.each([
      ['trigger', '/runs', {}],
      ['pause', '/paused', { isPaused: true }],
    ])(
      'cannot %s it: the DAG’s ingested entity decides',
      async (_what, path, body) => {
        const { server } = await start({
          entities: [...ENTITIES, takeover],
          decide: mallory,
        });
        const before = airflow().runsOf(TRAINING).length;
        const response = await request(server)
          .post(api('fraud-takeover', `/dags/${TRAINING}${path}`))
          .send(body);
        expect(response.status).toBe(403);
        expect(airflow().runsOf(TRAINING)).toHaveLength(before);
        expect(airflow().requireDag(TRAINING).isPaused).toBe(false);
      },
    );

    it('cannot trigger through a look-alike Resource Mallory registered by hand', async () => {
      const lookAlike = ingestedDag(
        TRAINING,
        'sandbox',
        'group:default/mallory',
        'url:https://example.com/catalog-info.yaml',
      );
      const { server } = await start({
        entities: [
          ...ENTITIES.filter(e => e.metadata.name !== lookAlike.metadata.name),
          lookAlike,
          takeover,
        ],
        decide: ({ permission, resourceRef }) =>
          permission === 'mlops.unmanaged-object.write' ||
          (resourceRef !== undefined &&
            resourceRef !== 'component:default/fraud-takeover' &&
            resourceRef !== dagEntityRef(TRAINING))
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const response = await request(server)
        .post(api('fraud-takeover', `/dags/${TRAINING}/runs`))
        .send({});
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(/only admins may change it/);
    });
  });

  describe('pause and clear', () => {
    it('pauses and unpauses, answering the DAG afterwards, audited before → after', async () => {
      const { server, audit } = await start();
      const pause = (isPaused: boolean) =>
        request(server)
          .post(api('fraud-detection-model', `/dags/${TRAINING}/paused`))
          .send({ isPaused });
      const paused = await pause(true);
      expect(paused.status).toBe(200);
      expect(paused.body.item).toMatchObject({
        dagId: TRAINING,
        isPaused: true,
      });
      expect(paused.body.item.health.nextRunAfter).toBeUndefined();
      expect(airflow().requireDag(TRAINING).isPaused).toBe(true);
      expect(audit[1]).toMatchObject({
        eventId: 'dag-pause',
        status: 'succeeded',
        meta: { before: { isPaused: false }, after: { isPaused: true } },
      });
      const unpaused = await pause(false);
      expect(unpaused.body.item.isPaused).toBe(false);

      const bad = await request(server)
        .post(api('fraud-detection-model', `/dags/${TRAINING}/paused`))
        .send({ isPaused: 'yes' });
      expect(bad.status).toBe(400);
    });

    it('clears a failed run’s failed tasks so it is queued again; refuses when nothing failed', async () => {
      const { server, audit } = await start();
      const dag = AIRFLOW_DAGS.churnRetrain;
      const failedRun = airflow()
        .runsOf(dag)
        .find(run => run.state === 'failed')!;
      const clear = (runId: string, body: object = {}) =>
        request(server)
          .post(
            api(
              'churn-prediction-model',
              `/dags/${dag}/runs/${encodeURIComponent(runId)}/clear`,
            ),
          )
          .send(body);
      const cleared = await clear(failedRun.runId);
      expect(cleared.status).toBe(200);
      expect(cleared.body.item).toMatchObject({ runId: failedRun.runId });
      expect(cleared.body.item.state).not.toBe('failed');
      expect(audit[1]).toMatchObject({
        eventId: 'dag-run-clear',
        status: 'succeeded',
        meta: {
          runId: failedRun.runId,
          onlyFailed: true,
          before: { state: 'failed' },
          after: { clearedTasks: expect.arrayContaining(['train_model']) },
        },
      });

      const succeeded = airflow()
        .runsOf(dag)
        .find(run => run.state === 'success')!;
      const nothing = await clear(succeeded.runId);
      expect(nothing.status).toBe(400);
      expect(nothing.body.error.message).toMatch(/no failed task instances/);
      expect(airflow().requireRun(dag, succeeded.runId).state).toBe('success');
    });
  });
});
