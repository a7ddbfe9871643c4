import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { kfpIds } from '@mlops-portal/sandbox';
import { KubeflowApi } from './KubeflowApi';
import { CHURN_PIPELINE_YAML } from './__testUtils__/pipelineFiles';
import { useSandboxKubeflow } from './testUtils';

const FRAUD = 'fraud-detection-training';
const DEMAND = 'demand-forecast-training';
const FRAUD_ID = kfpIds.pipeline(FRAUD);
const FRAUD_V2 = kfpIds.version(FRAUD, 'v2');
const FRAUD_V3 = kfpIds.version(FRAUD, 'v3');
const FRAUD_EXPERIMENT = kfpIds.experiment('fraud-detection');
const WEEKLY = kfpIds.recurringRun('demand-forecast-weekly');

describe('KubeflowClient against the sandbox', () => {
  const kfp = useSandboxKubeflow([
    { name: 'sandbox', pageSize: 4 },
    { name: 'portal', defaultExperiment: 'fraud-detection' },
  ]);
  const client = (name = 'sandbox'): KubeflowApi =>
    kfp.createClients().forInstance(name);
  const counts = () => kfp.sandbox().routeCounts('kubeflow');

  it('says whether the instance runs multi-user', async () => {
    await expect(client().health()).resolves.toEqual({ multiUser: false });
  });

  it('pages through pipelines with page tokens, sorted and filtered', async () => {
    const api = kfp.createClients().forInstance('sandbox');
    const pages: string[][] = [];
    for await (const page of api.listPipelinePages({
      pageSize: 1,
      sortBy: 'name desc',
    })) {
      pages.push(page.map(p => p.displayName));
    }
    expect(pages).toEqual([[FRAUD], [DEMAND]]);
    expect(counts()['GET /apis/v2beta1/pipelines']).toBe(2);

    const { items, totalSize } = await api.listPipelines({
      filter: [{ key: 'name', operation: 'IS_SUBSTRING', value: 'forecast' }],
    });
    expect([items.map(p => p.name), totalSize]).toEqual([[DEMAND], 1]);
    expect(items[0]).toMatchObject({
      pipelineId: kfpIds.pipeline(DEMAND),
      namespace: 'kubeflow',
      createdAt: expect.stringMatching(/^2026-/),
    });
  });

  it('finds a pipeline by its id and by its name', async () => {
    const api = client();
    await expect(api.getPipelineByName(FRAUD)).resolves.toMatchObject({
      pipelineId: FRAUD_ID,
    });
    await expect(api.getPipeline(FRAUD_ID)).resolves.toMatchObject({
      displayName: FRAUD,
    });
    await expect(api.getPipelineByName('no-such-pipeline')).rejects.toThrow(
      NotFoundError,
    );
  });

  it('reads a version’s declared parameters and task graph', async () => {
    const { items } = await client().listPipelineVersions(FRAUD_ID, {
      sortBy: 'created_at desc',
    });
    expect(items.map(v => v.displayName)).toEqual(['v3', 'v2', 'v1']);
    const latest = items[0];
    expect(latest.parameters).toEqual([
      expect.objectContaining({
        name: 'lookback_days',
        type: 'NUMBER_INTEGER',
        optional: true,
        defaultValue: 90,
      }),
      expect.objectContaining({ name: 'feature_view', optional: true }),
      expect.objectContaining({
        name: 'registered_model',
        type: 'STRING',
        optional: false,
      }),
    ]);
    expect(latest.tasks.map(t => [t.name, t.dependsOn])).toEqual([
      ['ingest-transactions', []],
      ['feature-engineering', ['ingest-transactions']],
      ['train-xgboost', ['feature-engineering']],
      ['evaluate-model', ['train-xgboost']],
      ['register-model', ['evaluate-model']],
    ]);
  });

  it('lists runs by experiment, by pipeline version and by state, page by page', async () => {
    const api = client();
    const first = await api.listRuns({
      experimentId: FRAUD_EXPERIMENT,
      sortBy: 'created_at desc',
    });
    expect([first.items.length, first.totalSize]).toEqual([4, 10]);
    const newest = first.items[0];
    expect(newest).toMatchObject({
      state: 'RUNNING',
      pipelineVersionId: FRAUD_V3,
    });
    expect(newest.finishedAt).toBeUndefined();
    expect(newest.tasks.at(-1)).toMatchObject({
      displayName: 'train-xgboost',
      state: 'RUNNING',
    });
    const second = await api.listRuns({
      experimentId: FRAUD_EXPERIMENT,
      sortBy: 'created_at desc',
      pageToken: first.nextPageToken,
    });
    expect(second.items.map(r => r.runId)).not.toContain(newest.runId);

    const onV2 = await api.listRuns({ pipelineVersionId: FRAUD_V2 });
    expect(onV2.totalSize).toBeGreaterThan(0);
    expect(onV2.items.every(r => r.pipelineVersionId === FRAUD_V2)).toBe(true);

    const failed = await api.listRuns({
      filter: [{ key: 'state', operation: 'IN', value: ['FAILED'] }],
    });
    expect(failed.items).toHaveLength(1);
    const run = await api.getRun(failed.items[0].runId);
    expect(run.error).toMatch(/task train-lightgbm failed/);
    expect(run.finishedAt).toEqual(expect.any(String));
    expect(run.tasks.find(t => t.state === 'FAILED')?.error).toMatch(
      /container exited/,
    );
  });

  it('refuses a run with a missing required parameter or a wrong type, sending nothing', async () => {
    const api = client();
    const start = (parameters: Record<string, unknown>) =>
      api.createRun({
        pipelineId: FRAUD_ID,
        pipelineVersionId: FRAUD_V3,
        displayName: 'manual retrain',
        parameters,
      });
    const missing = await start({ lookback_days: 30 }).catch(e => e);
    expect(missing).toBeInstanceOf(InputError);
    expect(missing.message).toBe(
      `Cannot start a run of pipeline version 'v3' (${FRAUD_V3}) on kubeflow instance ` +
        "'sandbox': parameter 'registered_model' is required (a string)",
    );
    const wrong = await start({
      lookback_days: '30',
      registered_model: 'fraud-detector',
      colour: 'blue',
    }).catch(e => e);
    expect(wrong).toBeInstanceOf(InputError);
    expect(wrong.message).toContain(
      "parameter 'colour' is not declared; the pipeline version takes 'lookback_days', " +
        "'feature_view', 'registered_model'; parameter 'lookback_days' must be an integer, " +
        'got the string "30"',
    );
    expect(counts()['POST /apis/v2beta1/runs']).toBeUndefined();
    expect(
      counts()[
        'GET /apis/v2beta1/pipelines/{pipeline_id}/versions/{pipeline_version_id}'
      ],
    ).toBeGreaterThanOrEqual(1);
  });

  it('starts a run with checked parameters, in the instance’s default experiment by name', async () => {
    const run = await client('portal').createRun({
      pipelineId: FRAUD_ID,
      pipelineVersionId: FRAUD_V3,
      displayName: 'manual retrain',
      description: 'from the portal',
      parameters: { registered_model: 'fraud-detector', lookback_days: 30 },
    });
    expect(run).toMatchObject({
      displayName: 'manual retrain',
      state: 'PENDING',
      experimentId: FRAUD_EXPERIMENT,
      pipelineId: FRAUD_ID,
      pipelineVersionId: FRAUD_V3,
      parameters: { registered_model: 'fraud-detector', lookback_days: 30 },
    });
    expect(counts()['POST /apis/v2beta1/runs']).toBe(1);
    const inDefault = await client().createRun({
      pipelineId: FRAUD_ID,
      pipelineVersionId: FRAUD_V3,
      displayName: 'into KFP’s default',
      parameters: { registered_model: 'fraud-detector' },
    });
    expect(inDefault.experimentId).toBe(kfpIds.experiment('Default'));
  });

  it('enables and disables a recurring run and hands it out as it is after', async () => {
    const api = client();
    const { items } = await api.listRecurringRuns({ sortBy: 'display_name' });
    expect(items.map(r => [r.displayName, r.enabled])).toEqual([
      ['demand-forecast-weekly', false],
      ['fraud-detection-nightly', true],
    ]);
    expect(items[0]).toMatchObject({
      cron: '0 0 5 * * 1',
      maxConcurrency: 1,
      pipelineId: kfpIds.pipeline(DEMAND),
    });
    await expect(api.getRecurringRun(WEEKLY)).resolves.toMatchObject({
      enabled: false,
    });
    await expect(
      api.setRecurringRunEnabled(WEEKLY, true),
    ).resolves.toMatchObject({
      recurringRunId: WEEKLY,
      enabled: true,
    });
    // The cached read before the switch is not handed out after it.
    await expect(api.getRecurringRun(WEEKLY)).resolves.toMatchObject({
      enabled: true,
    });
    await expect(
      api.setRecurringRunEnabled(WEEKLY, false),
    ).resolves.toMatchObject({
      enabled: false,
    });
    expect(counts()).toMatchObject({
      'POST /apis/v2beta1/recurringruns/{recurring_run_id}:enable': 1,
      'POST /apis/v2beta1/recurringruns/{recurring_run_id}:disable': 1,
    });
    await expect(api.setRecurringRunEnabled('nope', true)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('lists and gets experiments', async () => {
    const api = client();
    const { items } = await api.listExperiments({ sortBy: 'display_name' });
    expect(items.map(e => [e.displayName, e.archived])).toEqual([
      ['Default', false],
      ['demand-forecast', false],
      ['fraud-detection', false],
    ]);
    await expect(api.getExperiment(FRAUD_EXPERIMENT)).resolves.toMatchObject({
      displayName: 'fraud-detection',
      lastRunCreatedAt: expect.any(String),
    });
  });

  it('uploads a pipeline and a new version of it as multipart forms', async () => {
    const api = client();
    const pipeline = await api.uploadPipeline({
      displayName: 'churn-training',
      description: 'Trains the churn model.',
      content: CHURN_PIPELINE_YAML,
      fileName: 'pipeline.yaml',
    });
    expect(pipeline).toMatchObject({
      displayName: 'churn-training',
      name: 'churn-training',
      description: 'Trains the churn model.',
    });
    const version = await api.uploadPipelineVersion({
      pipelineId: pipeline.pipelineId,
      displayName: 'v2',
      content: CHURN_PIPELINE_YAML,
      fileName: 'pipeline.yaml',
    });
    expect(version).toMatchObject({
      pipelineId: pipeline.pipelineId,
      displayName: 'v2',
      parameters: [
        {
          name: 'learning_rate',
          type: 'NUMBER_DOUBLE',
          optional: true,
          defaultValue: 0.1,
        },
        { name: 'registered_model', type: 'STRING', optional: false },
      ],
      tasks: [
        { name: 'train', displayName: 'train', dependsOn: [] },
        { name: 'evaluate', displayName: 'evaluate', dependsOn: ['train'] },
      ],
    });
    await expect(api.getPipelineByName('churn-training')).resolves.toEqual(
      pipeline,
    );
    const taken = await api
      .uploadPipeline({
        displayName: FRAUD,
        content: CHURN_PIPELINE_YAML,
        fileName: 'pipeline.yaml',
      })
      .catch(e => e);
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken.message).toMatch(
      /POST \/apis\/v2beta1\/pipelines\/upload failed with 409.*already exist/,
    );
    await expect(
      api.uploadPipeline({
        displayName: 'x',
        content: CHURN_PIPELINE_YAML,
        fileName: 'pipeline.tar.gz',
      }),
    ).rejects.toThrow(InputError);
    expect(counts()['POST /apis/v2beta1/pipelines/upload']).toBe(2);
    expect(counts()['POST /apis/v2beta1/pipelines/upload_version']).toBe(1);
  });
});
