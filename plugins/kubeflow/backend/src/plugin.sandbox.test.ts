import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  annotatingComponent,
  authorizeWith,
  recordingAuditor,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { DEFAULT_KFP_TOKEN, KFP_NAMES, kfpIds } from '@mlops-portal/sandbox';
import type { Server } from 'node:http';
import request from 'supertest';
import { kubeflowPlugin } from './plugin';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

// The plugin with the real Kubeflow client against the sandbox's KFP, which speaks v2beta1 as
// KFP 2.17 does: among other things it refuses a `pipeline_id` filter on runs, so the pipeline's
// runs are scanned.

const api = (entity: string, rest: string) =>
  `/api/kubeflow/entity/default/component/${entity}${rest}`;

describe('kubeflow backend plugin on the sandbox', () => {
  const sandbox = useTestSandbox();
  const kubeflow = () => sandbox().sandbox.state.kubeflow;

  async function start(): Promise<{ server: Server }> {
    const { auditor } = recordingAuditor();
    const { server } = await startTestBackend({
      features: [
        kubeflowPlugin,
        catalogServiceMock.factory({
          entities: [
            annotatingComponent('fraud-detection-model', {
              'kubeflow.org/pipeline': KFP_NAMES.fraudPipeline,
            }),
            annotatingComponent('demand-forecast-model', {
              'kubeflow.org/pipeline': KFP_NAMES.demandPipeline,
              'kubeflow.org/experiment': KFP_NAMES.demandExperiment,
            }),
          ],
        }),
        auditor.factory,
        mockServices.permissions.mock({ authorize: authorizeWith() }).factory,
        mockServices.rootConfig.factory({
          data: {
            kubeflow: {
              instances: [
                {
                  name: 'sandbox',
                  baseUrl: sandbox().baseUrl('kubeflow'),
                  auth: { type: 'bearer', token: DEFAULT_KFP_TOKEN },
                  retries: 0,
                },
              ],
            },
          },
        }),
      ],
    });
    return { server };
  }

  it('shows the pipeline and pages through its runs, newest first', async () => {
    const { server } = await start();
    const pipeline = await request(server).get(
      api('fraud-detection-model', '/pipeline'),
    );
    expect(pipeline.status).toBe(200);
    expect(pipeline.body.errors).toEqual([]);
    expect(
      pipeline.body.pipeline.versions.map((v: { name: string }) => v.name),
    ).toEqual(['v3', 'v2', 'v1']);

    const seen: Array<{ runId: string; createdAt: string }> = [];
    let token: string | undefined;
    do {
      const page = await request(server)
        .get(api('fraud-detection-model', '/runs'))
        .query({ pageSize: 3, ...(token && { pageToken: token }) });
      expect(page.status).toBe(200);
      expect(page.body.errors).toEqual([]);
      seen.push(...page.body.items);
      token = page.body.nextPageToken;
    } while (token && seen.length < 30);
    const fraudRuns = kubeflow().runs.filter(
      run =>
        run.pipeline_version_reference?.pipeline_id ===
        kfpIds.pipeline(KFP_NAMES.fraudPipeline),
    );
    expect(seen.map(run => run.runId).sort()).toEqual(
      fraudRuns.map(run => run.run_id).sort(),
    );
    const created = seen.map(run => run.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('shows the failed run’s task graph with the failing task', async () => {
    const { server } = await start();
    const runs = await request(server).get(
      api('demand-forecast-model', '/runs?state=FAILED'),
    );
    expect(runs.body.items).toHaveLength(1);
    const graph = await request(server).get(
      api('demand-forecast-model', `/runs/${runs.body.items[0].runId}`),
    );
    expect(graph.status).toBe(200);
    expect(
      graph.body.tasks.map((t: { id: string; state?: string }) => [
        t.id,
        t.state,
      ]),
    ).toEqual([
      ['load-sales', 'SUCCEEDED'],
      ['train-lightgbm', 'FAILED'],
      ['backtest', undefined],
      ['register-model', undefined],
    ]);
  });

  it('starts a run and enables a recurring run', async () => {
    const { server } = await start();
    const before = kubeflow().runs.length;
    const created = await request(server)
      .post(api('demand-forecast-model', '/runs'))
      .send({
        name: 'from the portal',
        parameters: { registered_model: 'demand-forecaster' },
      });
    expect(created.status).toBe(201);
    expect(kubeflow().runs).toHaveLength(before + 1);
    expect(created.body).toMatchObject({
      name: 'from the portal',
      experimentId: kfpIds.experiment(KFP_NAMES.demandExperiment),
    });

    const recurringRunId = kfpIds.recurringRun(KFP_NAMES.demandRecurringRun);
    const enabled = await request(server)
      .post(
        api(
          'demand-forecast-model',
          `/recurring-runs/${recurringRunId}/enabled`,
        ),
      )
      .send({ enabled: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body.enabled).toBe(true);
  });
});
