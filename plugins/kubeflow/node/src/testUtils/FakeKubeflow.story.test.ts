import { KFP_NAMES, kfpIds } from '@mlops-portal/sandbox';
import { FakeKubeflow, KUBEFLOW_STORY, linearSpecTasks } from './FakeKubeflow';
import { useSandboxKubeflow } from './sandbox';

const { fraudPipeline, demandPipeline } = KUBEFLOW_STORY;

describe('FakeKubeflow.story', () => {
  it('tells the sandbox’s story, with the sandbox’s names and ids', async () => {
    const fake = FakeKubeflow.story();
    const { items: pipelines } = await fake.listPipelines();
    expect(pipelines.map(p => [p.displayName, p.pipelineId])).toEqual([
      [KFP_NAMES.demandPipeline, kfpIds.pipeline(KFP_NAMES.demandPipeline)],
      [KFP_NAMES.fraudPipeline, kfpIds.pipeline(KFP_NAMES.fraudPipeline)],
    ]);
    expect(fraudPipeline.versions.v3.id).toBe(
      kfpIds.version(KFP_NAMES.fraudPipeline, 'v3'),
    );
    expect(fraudPipeline.runningRunId).toBe(
      kfpIds.run(KFP_NAMES.fraudPipeline, '2026-10-31T23:00:00Z'),
    );
    expect(demandPipeline.recurringRun.id).toBe(
      kfpIds.recurringRun(KFP_NAMES.demandRecurringRun),
    );
    expect(pipelines[1]).toEqual({
      pipelineId: fraudPipeline.id,
      displayName: 'fraud-detection-training',
      name: 'fraud-detection-training',
      description:
        'Trains the fraud-detector XGBoost model and registers it in MLflow (owned by fraud-detection).',
      createdAt: '2026-10-01T09:12:00Z',
      namespace: 'kubeflow',
    });
  });

  it('has the versions, the latest one first when asked so', async () => {
    const fake = FakeKubeflow.story();
    const latest = await fake.listPipelineVersions(fraudPipeline.id, {
      pageSize: 1,
      sortBy: 'created_at desc',
    });
    expect(latest.totalSize).toBe(3);
    expect(latest.nextPageToken).toBeDefined();
    expect(latest.items).toEqual([
      expect.objectContaining({
        pipelineVersionId: fraudPipeline.versions.v3.id,
        displayName: 'v3',
        createdAt: '2026-10-25T10:41:00Z',
        tasks: linearSpecTasks([
          'ingest-transactions',
          'feature-engineering',
          'train-xgboost',
          'evaluate-model',
          'register-model',
        ]),
      }),
    ]);
    expect(latest.items[0].parameters.map(p => p.name)).toEqual([
      'lookback_days',
      'feature_view',
      'registered_model',
    ]);
    const demand = await fake.listPipelineVersions(demandPipeline.id);
    expect(demand.items.map(v => v.displayName)).toEqual(['v1', 'v2']);
  });

  it('has succeeded, failed and running runs, with their tasks', async () => {
    const fake = FakeKubeflow.story();
    const running = await fake.getRun(fraudPipeline.runningRunId);
    expect(running).toMatchObject({
      displayName: 'fraud-detection-nightly-2026-10-31',
      state: 'RUNNING',
      pipelineVersionId: fraudPipeline.versions.v3.id,
      experimentId: fraudPipeline.experiment.id,
      recurringRunId: fraudPipeline.recurringRun.id,
    });
    expect(running.finishedAt).toBeUndefined();
    expect(running.tasks.map(t => [t.displayName, t.state])).toEqual([
      ['ingest-transactions', 'SUCCEEDED'],
      ['feature-engineering', 'SUCCEEDED'],
      ['train-xgboost', 'RUNNING'],
    ]);

    const failed = await fake.getRun(demandPipeline.failedRunId);
    expect(failed.state).toBe('FAILED');
    expect(failed.error).toBe(
      'Pipeline run failed: task train-lightgbm failed: container exited with code 1',
    );
    expect(failed.tasks.at(-1)).toMatchObject({
      displayName: 'train-lightgbm',
      state: 'FAILED',
      error: 'task train-lightgbm failed: container exited with code 1',
    });

    const fraudRuns = await fake.listRuns({
      experimentId: fraudPipeline.experiment.id,
    });
    expect(fraudRuns.totalSize).toBe(10);
    const onV2 = await fake.listRuns({
      filter: [
        {
          key: 'pipeline_version_id',
          operation: 'EQUALS',
          value: fraudPipeline.versions.v2.id,
        },
      ],
    });
    expect(onV2.items.map(r => r.displayName)).toEqual([
      'fraud-detection-nightly-2026-10-22',
      'fraud-detection-nightly-2026-10-23',
      'fraud-detection-nightly-2026-10-24',
    ]);
  });

  it('has the recurring runs (fraud enabled, demand disabled) and three experiments', async () => {
    const fake = FakeKubeflow.story();
    const { items } = await fake.listRecurringRuns();
    expect(items.map(r => [r.displayName, r.enabled, r.cron])).toEqual([
      ['demand-forecast-weekly', false, '0 0 5 * * 1'],
      ['fraud-detection-nightly', true, '0 0 23 * * *'],
    ]);
    const experiments = await fake.listExperiments();
    expect(experiments.items.map(e => e.displayName)).toEqual([
      'Default',
      'demand-forecast',
      'fraud-detection',
    ]);
  });
});

describe('FakeKubeflow.story beside the sandbox', () => {
  const sandbox = useSandboxKubeflow([{ name: 'prod' }]);

  it('holds what the sandbox serves: pipelines, versions with their inputs and tasks, experiments, recurring runs', async () => {
    const real = sandbox.createClients().forInstance();
    const fake = FakeKubeflow.story();
    const everything = async (api: typeof real) => {
      const { items: pipelines } = await api.listPipelines();
      const versions = await Promise.all(
        pipelines.map(
          async p => (await api.listPipelineVersions(p.pipelineId)).items,
        ),
      );
      const experiments = (await api.listExperiments()).items.map(e => ({
        experimentId: e.experimentId,
        displayName: e.displayName,
        description: e.description,
        namespace: e.namespace,
      }));
      const recurringRuns = (await api.listRecurringRuns()).items.map(r => ({
        recurringRunId: r.recurringRunId,
        displayName: r.displayName,
        enabled: r.enabled,
        cron: r.cron,
        startTime: r.startTime,
        pipelineVersionId: r.pipelineVersionId,
        experimentId: r.experimentId,
      }));
      return { pipelines, versions, experiments, recurringRuns };
    };
    const [served, faked] = await Promise.all([
      everything(real),
      everything(fake),
    ]);
    expect(served.pipelines).toHaveLength(2);
    expect(served.recurringRuns).toHaveLength(2);
    expect(faked.pipelines).toEqual(served.pipelines);
    // Everything but the version's `name`, which the sandbox leaves to KFP's default.
    expect(
      faked.versions.map(list => list.map(({ name, ...version }) => version)),
    ).toEqual(
      served.versions.map(list => list.map(({ name, ...version }) => version)),
    );
    expect(faked.experiments).toEqual(served.experiments);
    expect(faked.recurringRuns).toEqual(served.recurringRuns);
  });

  it('has the sandbox’s runs, with their states, versions, parameters and failed or running tasks', async () => {
    const real = sandbox.createClients().forInstance();
    const fake = FakeKubeflow.story();
    // Task times vary with the sandbox's seed; what happened does not.
    const runs = async (api: typeof real) =>
      (await api.listRuns({ pageSize: 100 })).items.map(run => ({
        runId: run.runId,
        displayName: run.displayName,
        state: run.state,
        pipelineId: run.pipelineId,
        pipelineVersionId: run.pipelineVersionId,
        experimentId: run.experimentId,
        recurringRunId: run.recurringRunId,
        createdAt: run.createdAt,
        finished: run.finishedAt !== undefined,
        parameters: run.parameters,
        error: run.error,
        tasks: run.tasks.map(t => [t.taskId, t.displayName, t.state, t.error]),
      }));
    const served = await runs(real);
    expect(served).toHaveLength(14);
    expect(await runs(fake)).toEqual(served);
  });
});
