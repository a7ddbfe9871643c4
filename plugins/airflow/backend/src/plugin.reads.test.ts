import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AirflowDagsResponse,
  AirflowRunsResponse,
  AirflowTaskInstancesResponse,
  AirflowTaskLogResponse,
} from '@mlops-portal/plugin-airflow-common';
import { AIRFLOW_DAGS } from '@mlops-portal/sandbox';
import request from 'supertest';
import { api, dagEntityRef, useAirflowBackend } from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

describe('airflow backend plugin: reads', () => {
  const { start, sandbox, airflow } = useAirflowBackend();

  describe('instances', () => {
    it('lists the configured instances, the first as default, and nothing secret', async () => {
      const { server } = await start({
        instances: [
          {
            name: 'prod',
            baseUrl: 'http://airflow-api.internal:8080',
            uiUrl: 'https://airflow.example.com',
            auth: { type: 'basic', username: 'portal', password: 'hunter2' },
          },
          { name: 'sandbox', baseUrl: sandbox().baseUrl('airflow') },
        ],
      });
      const response = await request(server).get('/api/airflow/instances');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        instances: [
          { name: 'prod', uiUrl: 'https://airflow.example.com', default: true },
          {
            name: 'sandbox',
            uiUrl: sandbox().baseUrl('airflow'),
            default: false,
          },
        ],
      });
      expect(JSON.stringify(response.body)).not.toMatch(/hunter2|internal/);
    });
  });

  describe('DAGs', () => {
    it('shows the annotated DAGs in order with health, links and who may change them', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-detection-model', '/dags'),
      );
      expect(response.status).toBe(200);
      const body = response.body as AirflowDagsResponse;
      expect(body.errors).toEqual([]);
      expect(body.target).toEqual({
        instance: 'sandbox',
        uiUrl: sandbox().baseUrl('airflow'),
        dagIds: [AIRFLOW_DAGS.fraudTraining, AIRFLOW_DAGS.fraudFeatureRefresh],
      });
      const [training, refresh] = body.items;
      expect(training).toMatchObject({
        dagId: AIRFLOW_DAGS.fraudTraining,
        isPaused: false,
        schedule: '0 2 * * *',
        scheduleDescription: 'At 02:00',
        owners: ['fraud-detection'],
        url: `${sandbox().baseUrl('airflow')}/dags/${
          AIRFLOW_DAGS.fraudTraining
        }`,
        health: { lastRunState: 'success', failureStreak: 0 },
        authority: { entityRef: dagEntityRef(AIRFLOW_DAGS.fraudTraining) },
      });
      expect(training.health.nextRunAfter).toEqual(expect.any(String));
      // No provider entity for the refresh DAG in this catalog: admins only, and why.
      expect(refresh.dagId).toBe(AIRFLOW_DAGS.fraudFeatureRefresh);
      expect(refresh.authority.reason).toMatch(/has no entity/);
    });

    it('counts the failure streak from the newest run', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('churn-prediction-model', '/dags'),
      );
      expect(response.body.items[0].health).toMatchObject({
        lastRunState: 'failed',
        failureStreak: 1,
      });
    });

    it('reads Airflow 2 (API v1) the same way, with its UI links', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('churn-on-airflow2', '/dags'),
      );
      expect(response.status).toBe(200);
      expect(response.body.items[0]).toMatchObject({
        dagId: AIRFLOW_DAGS.churnRetrain,
        url: `${sandbox().baseUrl('airflow2')}/dags/${
          AIRFLOW_DAGS.churnRetrain
        }/grid`,
        health: { lastRunState: 'failed', failureStreak: 1 },
        authority: {
          entityRef: dagEntityRef(AIRFLOW_DAGS.churnRetrain, 'legacy'),
        },
      });
    });

    it('shows a DAG Airflow does not have as a 404 entry, and the others', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('with-a-missing-dag', '/dags'),
      );
      expect(response.status).toBe(200);
      expect(
        response.body.items.map((d: { dagId: string }) => d.dagId),
      ).toEqual([AIRFLOW_DAGS.fraudTraining]);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          instance: 'sandbox',
          status: 404,
          message: expect.stringContaining('no_such_dag'),
        }),
      ]);
    });

    it('shows a dead instance as data, naming it', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-on-a-dead-instance', '/dags'),
      );
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([]);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ instance: 'down' }),
      ]);
    });

    it.each([
      ['a malformed DAG id annotation', 'malformed', /not an Airflow DAG id/],
      [
        'no DAG id annotation',
        'no-dags',
        /has no 'airflow.apache.org\/dag-id'/,
      ],
      ['an unknown instance', 'unknown-instance', /nowhere/],
    ])('answers 400 for %s', async (_what, entity, message) => {
      const { server } = await start();
      const response = await request(server).get(api(entity, '/dags'));
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
    });

    it('answers 404 for an entity the catalog does not have', async () => {
      const { server } = await start();
      const response = await request(server).get(api('nobody', '/dags'));
      expect(response.status).toBe(404);
    });

    it('with restricted reads, shows DAGs only to readers of the ingested entities', async () => {
      const { server } = await start({
        restrictReads: true,
        decide: ({ permission }) =>
          permission === 'mlops.unmanaged-object.read'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      // The refresh DAG has no ingested entity: only admins may read it.
      const response = await request(server).get(
        api('fraud-detection-model', '/dags'),
      );
      expect(response.status).toBe(403);
      const allowed = await request(server).get(
        api('churn-prediction-model', '/dags'),
      );
      expect(allowed.status).toBe(200);
    });
  });

  describe('runs, task instances and logs', () => {
    it('pages through runs newest first, with totals, filtered by state and date', async () => {
      const { server } = await start();
      const dag = AIRFLOW_DAGS.fraudFeatureRefresh;
      const first = await request(server).get(
        api('fraud-detection-model', `/dags/${dag}/runs?limit=5`),
      );
      expect(first.status).toBe(200);
      const page = first.body as AirflowRunsResponse;
      expect(page.items).toHaveLength(5);
      expect(page.totalEntries).toBe(airflow().runsOf(dag).length);
      const dates = page.items.map(run => run.logicalDate!);
      expect([...dates].sort().reverse()).toEqual(dates);
      const second = await request(server).get(
        api('fraud-detection-model', `/dags/${dag}/runs?limit=5&offset=5`),
      );
      expect(second.body.items[0].logicalDate < dates[4]).toBe(true);

      const failed = await request(server).get(
        api(
          'fraud-detection-model',
          `/dags/${AIRFLOW_DAGS.fraudTraining}/runs?state=failed`,
        ),
      );
      expect(failed.body.items).toHaveLength(1);
      expect(failed.body.items[0]).toMatchObject({
        state: 'failed',
        durationMs: expect.any(Number),
      });

      const since = await request(server).get(
        api(
          'fraud-detection-model',
          `/dags/${dag}/runs?since=${encodeURIComponent(dates[2])}`,
        ),
      );
      expect(since.body.items).toHaveLength(3);
    });

    it('answers 400 for a bad query and 404 for a DAG the entity does not annotate', async () => {
      const { server } = await start();
      const runs = (query: string) =>
        request(server).get(
          api(
            'fraud-detection-model',
            `/dags/${AIRFLOW_DAGS.fraudTraining}/runs${query}`,
          ),
        );
      for (const query of [
        '?state=exploded',
        '?limit=0',
        '?limit=101',
        '?offset=-1',
        '?since=yesterday',
        '?order=asc',
      ]) {
        expect({ query, status: (await runs(query)).status }).toEqual({
          query,
          status: 400,
        });
      }
      const other = await request(server).get(
        api('fraud-detection-model', `/dags/${AIRFLOW_DAGS.churnRetrain}/runs`),
      );
      expect(other.status).toBe(404);
      expect(other.body.error.message).toMatch(/does not annotate/);
    });

    it('shows a failed run’s task instances with tries, and the log that says why', async () => {
      const { server } = await start();
      const dag = AIRFLOW_DAGS.churnRetrain;
      const runs = await request(server).get(
        api('churn-prediction-model', `/dags/${dag}/runs?state=failed`),
      );
      const { runId } = runs.body.items[0];
      const tasks = await request(server).get(
        api(
          'churn-prediction-model',
          `/dags/${dag}/runs/${encodeURIComponent(runId)}/tasks`,
        ),
      );
      expect(tasks.status).toBe(200);
      const body = tasks.body as AirflowTaskInstancesResponse;
      expect(body.run).toMatchObject({ runId, state: 'failed' });
      const failedTask = body.items.find(t => t.state === 'failed')!;
      expect(failedTask).toMatchObject({
        taskId: 'train_model',
        mapIndex: -1,
        tryNumber: expect.any(Number),
        maxTries: 2,
        url: expect.stringContaining('/tasks/train_model'),
      });

      const log = await request(server).get(
        api(
          'churn-prediction-model',
          `/dags/${dag}/runs/${encodeURIComponent(
            runId,
          )}/tasks/train_model/logs/${failedTask.tryNumber}`,
        ),
      );
      expect(log.status).toBe(200);
      const logBody = log.body as AirflowTaskLogResponse;
      expect(logBody.errors).toEqual([]);
      expect(logBody.truncated).toBe(false);
      expect(logBody.content).toMatch(/error|fail/i);
      expect(logBody.url).toContain(`try_number=${failedTask.tryNumber}`);
    });

    it('answers 400 for a bad try number or map index', async () => {
      const { server } = await start();
      const base = api(
        'churn-prediction-model',
        `/dags/${AIRFLOW_DAGS.churnRetrain}/runs/r1/tasks/train_model/logs`,
      );
      for (const path of [`${base}/0`, `${base}/x`, `${base}/1?mapIndex=-2`]) {
        expect({
          path,
          status: (await request(server).get(path)).status,
        }).toEqual({ path, status: 400 });
      }
    });
  });
});
