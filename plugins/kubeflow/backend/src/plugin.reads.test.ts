import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KubeflowExperimentsResponse,
  KubeflowPipelineResponse,
  KubeflowRecurringRunsResponse,
  KubeflowRunGraphResponse,
  KubeflowRunsResponse,
} from '@mlops-portal/plugin-kubeflow-common';
import { FakeKubeflow } from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { mockUpstreamError } from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  api,
  pipelineEntityRef,
  STORY,
  useKubeflowBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const { fraudPipeline: FRAUD, demandPipeline: DEMAND } = STORY;

describe('kubeflow backend plugin: reads', () => {
  const { start } = useKubeflowBackend();

  it('lists the configured instances, the first as default', async () => {
    const { server } = await start();
    const response = await request(server).get('/api/kubeflow/instances');
    expect(response.status).toBe(200);
    expect(
      response.body.instances.map((i: { name: string }) => i.name),
    ).toEqual(['sandbox', 'down']);
    expect(response.body.instances[0].default).toBe(true);
  });

  describe('pipeline', () => {
    it('shows the pipeline, its versions newest first with their parameters, and who may act on it', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-detection-model', '/pipeline'),
      );
      expect(response.status).toBe(200);
      const body = response.body as KubeflowPipelineResponse;
      expect(body.errors).toEqual([]);
      expect(body.target).toMatchObject({
        instance: 'sandbox',
        pipeline: { id: FRAUD.id, name: FRAUD.name },
      });
      expect(body.pipeline).toMatchObject({
        pipelineId: FRAUD.id,
        name: FRAUD.name,
        url: expect.stringContaining(`/#/pipelines/details/${FRAUD.id}`),
        authority: { entityRef: pipelineEntityRef(FRAUD) },
      });
      expect(body.pipeline!.versions.map(v => v.name)).toEqual([
        'v3',
        'v2',
        'v1',
      ]);
      expect(body.pipeline!.versions[0].parameters).toContainEqual(
        expect.objectContaining({
          name: 'registered_model',
          type: 'STRING',
          optional: false,
        }),
      );
    });

    it('finds the pipeline by id as well as by name', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-by-id', '/pipeline'),
      );
      expect(response.status).toBe(200);
      expect(response.body.pipeline.name).toBe(FRAUD.name);
    });

    it('shows a pipeline Kubeflow does not have as a 404 entry', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('missing-pipeline', '/pipeline'),
      );
      expect(response.status).toBe(200);
      expect(response.body.pipeline).toBeUndefined();
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          instance: 'sandbox',
          status: 404,
          message: expect.stringContaining('no-such-pipeline'),
        }),
      ]);
    });

    it('shows a dead instance as data, naming it, on every list route', async () => {
      const { server } = await start();
      for (const route of [
        '/pipeline',
        '/runs',
        '/recurring-runs',
        '/experiments',
      ]) {
        const response = await request(server).get(
          api('fraud-on-a-dead-instance', route),
        );
        expect({ route, status: response.status }).toEqual({
          route,
          status: 200,
        });
        expect(response.body.errors).toEqual([
          expect.objectContaining({ instance: 'down' }),
        ]);
        expect(response.body.target).toEqual({
          instance: 'down',
          uiUrl: expect.any(String),
        });
      }
    });

    it('answers a run graph on a dead instance with a 503 naming it', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-on-a-dead-instance', `/runs/${FRAUD.succeededRunId}`),
      );
      expect(response.status).toBe(503);
      expect(response.body.error.message).toMatch(/down/);
    });

    it('answers 503, not 403, when the instance refuses the portal’s credentials', async () => {
      const kubeflow = FakeKubeflow.story({ instance: { name: 'sandbox' } });
      kubeflow.failMethod('getRun', { failure: 401 });
      const { server } = await start({ kubeflow });
      const response = await request(server).get(
        api('fraud-detection-model', `/runs/${FRAUD.succeededRunId}`),
      );
      expect(response.status).toBe(503);
    });

    it.each([
      ['a malformed pipeline annotation', 'malformed', /control character/],
      ['a blank pipeline annotation', 'blank', /kubeflow.org\/pipeline/],
      [
        'no Kubeflow annotation',
        'no-kubeflow',
        /neither a 'kubeflow.org\/pipeline' nor/,
      ],
      ['an unknown instance', 'unknown-instance', /nowhere/],
    ])('answers 400 for %s', async (_what, entity, message) => {
      const { server, kubeflow } = await start();
      const response = await request(server).get(api(entity, '/pipeline'));
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      expect(response.body.error.message).toMatch(message);
      expect(kubeflow.calls).toEqual([]);
    });

    it('answers 400 for the pipeline of an entity that names only an experiment', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-experiment', '/pipeline'),
      );
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(
        /no 'kubeflow.org\/pipeline'/,
      );
    });

    it('answers 404 for an entity the catalog does not have', async () => {
      const { server } = await start();
      const response = await request(server).get(api('nobody', '/pipeline'));
      expect(response.status).toBe(404);
    });

    it('with restricted reads, shows the pipeline only to readers of its ingested entity', async () => {
      const { server } = await start({
        restrictReads: true,
        decide: ({ permission }) =>
          permission === 'mlops.unmanaged-object.read'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const allowed = await request(server).get(
        api('fraud-detection-model', '/pipeline'),
      );
      expect(allowed.status).toBe(200);
      // An experiment has no ingested entity: admins only.
      const experiment = await request(server).get(
        api('fraud-experiment', '/runs'),
      );
      expect(experiment.status).toBe(403);
    });
  });

  describe('runs', () => {
    it('pages through the pipeline’s runs newest first, with durations where they are known', async () => {
      const { server } = await start();
      const first = await request(server).get(
        api('fraud-detection-model', '/runs?pageSize=4'),
      );
      expect(first.status).toBe(200);
      const page = first.body as KubeflowRunsResponse;
      expect(page.errors).toEqual([]);
      expect(page.items).toHaveLength(4);
      expect(page.items.every(run => run.pipelineId === FRAUD.id)).toBe(true);
      const created = page.items.map(run => run.createdAt!);
      expect([...created].sort().reverse()).toEqual(created);
      // The newest run is still running: no end, no duration.
      expect(page.items[0]).toMatchObject({
        runId: FRAUD.runningRunId,
        state: 'RUNNING',
      });
      expect(page.items[0].durationMs).toBeUndefined();
      expect(page.items[1].durationMs).toEqual(expect.any(Number));

      const seen = [...page.items];
      let token = page.nextPageToken;
      while (token) {
        const next = await request(server)
          .get(api('fraud-detection-model', '/runs'))
          .query({ pageSize: 4, pageToken: token });
        expect(next.status).toBe(200);
        seen.push(...next.body.items);
        token = next.body.nextPageToken;
      }
      expect(new Set(seen.map(run => run.runId)).size).toBe(10);
    });

    it('filters by state', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-detection-model', '/runs?state=RUNNING'),
      );
      expect(
        response.body.items.map((r: { runId: string }) => r.runId),
      ).toEqual([FRAUD.runningRunId]);
    });

    it('lists the experiment’s runs when the entity names one', async () => {
      const { server, kubeflow } = await start();
      const response = await request(server).get(
        api('demand-forecast-model', '/runs'),
      );
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(4);
      expect(response.body.items[0]).toMatchObject({
        runId: DEMAND.failedRunId,
        state: 'FAILED',
        error: expect.stringContaining('train-lightgbm'),
      });
      expect(
        kubeflow.calls
          .filter(call => call.method === 'listRuns')
          .map(
            call => (call.args[0] as { experimentId?: string }).experimentId,
          ),
      ).toEqual([DEMAND.experiment.id]);
    });

    it('scans the runs when the instance cannot filter them by pipeline (KFP up to 2.17)', async () => {
      const kubeflow = FakeKubeflow.story({
        instance: { name: 'sandbox', pageSize: 3 },
      });
      kubeflow.failMethod('listRuns', {
        nth: 1,
        failure: mockUpstreamError({
          system: 'kubeflow',
          instance: 'sandbox',
          status: 400,
          message:
            'Invalid input error: no support for filtering on unrecognized field "pipeline_id"',
        }),
      });
      const { server } = await start({ kubeflow });
      const seen: string[] = [];
      let token: string | undefined;
      do {
        // Pages of 4 from upstream pages of 3, among the demand pipeline's runs.
        const response = await request(server)
          .get(api('fraud-detection-model', '/runs'))
          .query({ pageSize: 4, ...(token && { pageToken: token }) });
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeLessThanOrEqual(4);
        seen.push(
          ...response.body.items.map((r: { runId: string }) => r.runId),
        );
        token = response.body.nextPageToken;
      } while (token && seen.length < 20);
      expect(seen).toHaveLength(10);
      expect(new Set(seen).size).toBe(10);
      expect(seen[0]).toBe(FRAUD.runningRunId);
      const listed = kubeflow.calls.filter(call => call.method === 'listRuns');
      // One refused filter, then only scans.
      expect(listed.filter(call => call.error)).toHaveLength(1);
    });

    it.each([
      '?state=EXPLODED',
      '?pageSize=0',
      '?pageSize=101',
      '?pageSize=x',
      '?pageToken=not-ours',
      '?order=asc',
    ])('answers 400 for the bad query %s', async query => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-detection-model', `/runs${query}`),
      );
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
    });
  });

  describe('run graph', () => {
    it('joins the version’s spec tasks with the run’s task details', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('demand-forecast-model', `/runs/${DEMAND.failedRunId}`),
      );
      expect(response.status).toBe(200);
      const body = response.body as KubeflowRunGraphResponse;
      expect(body.run).toMatchObject({
        runId: DEMAND.failedRunId,
        state: 'FAILED',
      });
      expect(body.tasks.map(t => [t.id, t.state, t.dependsOn])).toEqual([
        ['load-sales', 'SUCCEEDED', []],
        ['train-lightgbm', 'FAILED', ['load-sales']],
        ['backtest', undefined, ['train-lightgbm']],
        ['register-model', undefined, ['backtest']],
      ]);
      expect(body.tasks[1]).toMatchObject({
        error: expect.stringContaining('exited with code 1'),
        durationMs: expect.any(Number),
      });
    });

    it('answers 404 for a run of another pipeline, and for an id that is no KFP id 400', async () => {
      const { server } = await start();
      const other = await request(server).get(
        api('fraud-detection-model', `/runs/${DEMAND.failedRunId}`),
      );
      expect(other.status).toBe(404);
      expect(other.body.error.message).toMatch(/has no Kubeflow run/);
      const unknown = await request(server).get(
        api(
          'fraud-detection-model',
          '/runs/00000000-0000-4000-8000-000000000000',
        ),
      );
      expect(unknown.status).toBe(404);
      const bad = await request(server).get(
        api('fraud-detection-model', '/runs/not-a-run-id'),
      );
      expect(bad.status).toBe(400);
    });
  });

  describe('recurring runs and experiments', () => {
    it('lists the pipeline’s recurring runs with their schedules and who may toggle them', async () => {
      const { server } = await start();
      const response = await request(server).get(
        api('fraud-detection-model', '/recurring-runs'),
      );
      expect(response.status).toBe(200);
      const body = response.body as KubeflowRecurringRunsResponse;
      expect(body.items).toEqual([
        expect.objectContaining({
          recurringRunId: FRAUD.recurringRun.id,
          enabled: true,
          schedule: expect.objectContaining({ cron: '0 0 23 * * *' }),
          maxConcurrency: 1,
        }),
      ]);
      expect(body.authority).toEqual({ entityRef: pipelineEntityRef(FRAUD) });
    });

    it('lists the experiments of the pipeline’s runs, or the one the entity names', async () => {
      const { server } = await start();
      const ofRuns = await request(server).get(
        api('fraud-detection-model', '/experiments'),
      );
      expect(ofRuns.status).toBe(200);
      const body = ofRuns.body as KubeflowExperimentsResponse;
      expect(body.items.map(e => e.experimentId)).toEqual([
        FRAUD.experiment.id,
      ]);
      const named = await request(server).get(
        api('fraud-experiment', '/experiments'),
      );
      expect(named.body.items).toEqual([
        expect.objectContaining({
          experimentId: FRAUD.experiment.id,
          name: FRAUD.experiment.name,
          archived: false,
        }),
      ]);
    });
  });
});
