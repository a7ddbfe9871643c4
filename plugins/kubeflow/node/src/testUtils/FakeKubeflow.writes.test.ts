import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  FakeKubeflow,
  KUBEFLOW_STORY,
  fakeKubeflowIds,
  fakePipelineSpec,
  linearSpecTasks,
} from './FakeKubeflow';

const { fraudPipeline, demandPipeline } = KUBEFLOW_STORY;

describe('FakeKubeflow.createRun', () => {
  const start = (
    fake: FakeKubeflow,
    parameters: Record<string, unknown>,
    experimentId?: string,
  ) =>
    fake.createRun({
      pipelineId: fraudPipeline.id,
      pipelineVersionId: fraudPipeline.versions.v3.id,
      displayName: 'retrain',
      experimentId,
      parameters,
    });

  it('starts a pending run in the experiment named', async () => {
    const fake = FakeKubeflow.story();
    const run = await start(
      fake,
      { registered_model: 'fraud-detector', lookback_days: 30 },
      fraudPipeline.experiment.id,
    );
    expect(run).toEqual({
      runId: fakeKubeflowIds.createdRun(1, 'retrain'),
      displayName: 'retrain',
      experimentId: fraudPipeline.experiment.id,
      pipelineId: fraudPipeline.id,
      pipelineVersionId: fraudPipeline.versions.v3.id,
      state: 'PENDING',
      createdAt: '2026-11-01T00:00:01Z',
      scheduledAt: '2026-11-01T00:00:01Z',
      parameters: { registered_model: 'fraud-detector', lookback_days: 30 },
      tasks: [],
    });
    expect(await fake.getRun(run.runId)).toEqual(run);
    expect(
      (await fake.getExperiment(fraudPipeline.experiment.id)).lastRunCreatedAt,
    ).toBe('2026-11-01T00:00:01Z');
  });

  it('refuses a missing required parameter or a wrong type, listing every problem, and stores nothing', async () => {
    const fake = FakeKubeflow.story();
    const before = fake.runs.length;
    const error = await start(fake, { lookback_days: '90', depth: 3 }).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `Cannot start a run of pipeline version 'v3' (${fraudPipeline.versions.v3.id}) on ` +
        "kubeflow instance 'prod': parameter 'depth' is not declared; the pipeline version takes " +
        "'lookback_days', 'feature_view', 'registered_model'; parameter 'lookback_days' " +
        'must be an integer, got the string "90"; parameter \'registered_model\' is required (a string)',
    );
    expect(fake.runs).toHaveLength(before);
    expect(fake.writes()).toEqual([
      expect.objectContaining({ method: 'createRun', error }),
    ]);
  });

  it('puts a run that names no experiment into the instance’s default, else KFP’s Default', async () => {
    const configured = FakeKubeflow.story({
      instance: { defaultExperiment: 'demand-forecast' },
    });
    const run = await start(configured, { registered_model: 'x' });
    expect(run.experimentId).toBe(demandPipeline.experiment.id);

    const plain = new FakeKubeflow({
      pipelines: [{ displayName: 'p', versions: [{ displayName: 'v1' }] }],
    });
    const [pipeline] = plain.pipelines;
    const [version] = plain.versionsOf(pipeline.pipelineId);
    const created = await plain.createRun({
      pipelineId: pipeline.pipelineId,
      pipelineVersionId: version.pipelineVersionId,
      displayName: 'first',
    });
    expect(plain.experiments).toEqual([
      expect.objectContaining({
        experimentId: created.experimentId,
        displayName: 'Default',
      }),
    ]);
  });

  it('leaves out null parameters, as the client sends them', async () => {
    const fake = FakeKubeflow.story();
    const run = await start(fake, {
      registered_model: 'fraud-detector',
      lookback_days: null,
    });
    expect(run.parameters).toEqual({ registered_model: 'fraud-detector' });
  });

  it('refuses a configured default experiment it does not have', async () => {
    const fake = FakeKubeflow.story({
      instance: { defaultExperiment: 'nightly' },
    });
    await expect(start(fake, { registered_model: 'x' })).rejects.toThrow(
      "kubeflow instance 'prod' has no experiment 'nightly' (its defaultExperiment)",
    );
  });

  it('refuses an unknown version or experiment and a blank name', async () => {
    const fake = FakeKubeflow.story();
    await expect(
      fake.createRun({
        pipelineId: fraudPipeline.id,
        pipelineVersionId: demandPipeline.versions.v1.id,
        displayName: 'x',
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      start(fake, { registered_model: 'x' }, 'nope'),
    ).rejects.toThrow(/Experiment nope not found/);
    await expect(
      fake.createRun({
        pipelineId: fraudPipeline.id,
        pipelineVersionId: fraudPipeline.versions.v1.id,
        displayName: ' ',
        parameters: { registered_model: 'x' },
      }),
    ).rejects.toThrow(InputError);
    expect(fake.runs).toHaveLength(14);
  });
});

describe('FakeKubeflow writes', () => {
  it('enables and disables a recurring run', async () => {
    const fake = FakeKubeflow.story();
    const { id } = demandPipeline.recurringRun;
    expect((await fake.setRecurringRunEnabled(id, true)).enabled).toBe(true);
    expect((await fake.getRecurringRun(id)).enabled).toBe(true);
    await expect(fake.setRecurringRunEnabled('nope', false)).rejects.toThrow(
      "kubeflow instance 'prod': POST /apis/v2beta1/recurringruns/nope:disable failed with 404",
    );
  });

  it('uploads a pipeline with its first version, read from the spec', async () => {
    const fake = FakeKubeflow.story();
    const parameters = [
      { name: 'epochs', type: 'NUMBER_INTEGER' as const, optional: false },
      {
        name: 'rate',
        type: 'NUMBER_DOUBLE' as const,
        optional: true,
        defaultValue: 0.1,
      },
    ];
    const tasks = linearSpecTasks(['prepare', 'train']);
    const pipeline = await fake.uploadPipeline({
      displayName: 'churn-training',
      description: 'Churn.',
      content: fakePipelineSpec('churn-training', { parameters, tasks }),
      fileName: 'pipeline.json',
    });
    expect(pipeline).toMatchObject({
      pipelineId: fakeKubeflowIds.pipeline('churn-training'),
      displayName: 'churn-training',
      description: 'Churn.',
    });
    const [first] = fake.versionsOf(pipeline.pipelineId);
    expect(first).toMatchObject({
      displayName: 'churn-training',
      parameters,
      tasks,
    });
    const next = await fake.uploadPipelineVersion({
      pipelineId: pipeline.pipelineId,
      displayName: 'v2',
      content: 'pipelineInfo:\n  name: churn-training\n',
      fileName: 'pipeline.yaml',
    });
    // YAML is KFP's to read: the fake declares nothing for it.
    expect(next).toMatchObject({
      displayName: 'v2',
      parameters: [],
      tasks: [],
    });
    expect(fake.writes().map(w => w.method)).toEqual([
      'uploadPipeline',
      'uploadPipelineVersion',
    ]);
  });

  it('refuses a taken name with the ConflictError KFP’s 409 becomes', async () => {
    const fake = FakeKubeflow.story();
    const upload = {
      displayName: 'fraud-detection-training',
      content: '{}',
      fileName: 'p.json',
    };
    const error = await fake.uploadPipeline(upload).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(
      /^kubeflow instance 'prod': POST \/apis\/v2beta1\/pipelines\/upload failed with 409 Conflict: .*The name fraud-detection-training already exist/,
    );
    await expect(
      fake.uploadPipelineVersion({
        ...upload,
        pipelineId: fraudPipeline.id,
        displayName: 'v2',
      }),
    ).rejects.toThrow(ConflictError);
    await expect(
      fake.uploadPipelineVersion({
        ...upload,
        pipelineId: 'nope',
        displayName: 'v9',
      }),
    ).rejects.toThrow(NotFoundError);
    expect(fake.pipelines).toHaveLength(2);
    expect(fake.versionsOf(fraudPipeline.id)).toHaveLength(3);
  });

  it('finds an upload by its unique name, and refuses what the client refuses', async () => {
    const fake = new FakeKubeflow();
    const pipeline = await fake.uploadPipeline({
      displayName: 'Churn training',
      name: 'churn-training',
      content: fakePipelineSpec('churn-training'),
      fileName: 'pipeline.yaml',
    });
    expect((await fake.getPipelineByName('churn-training')).pipelineId).toBe(
      pipeline.pipelineId,
    );
    await expect(fake.getPipelineByName('Churn training')).rejects.toThrow(
      NotFoundError,
    );
    const refused = [
      { displayName: ' ', content: '{}', fileName: 'p.json' },
      { displayName: 'p', content: ' ', fileName: 'p.json' },
      { displayName: 'p', content: '{}', fileName: 'p.tar.gz' },
      { displayName: 'p', content: '{}', fileName: 'dir/p.json' },
    ];
    for (const upload of refused) {
      await expect(fake.uploadPipeline(upload)).rejects.toThrow(InputError);
    }
    expect(fake.pipelines).toHaveLength(1);
  });

  it('reads uploads with the spec reader it is given', async () => {
    const fake = new FakeKubeflow({
      readPipelineSpec: () => ({
        parameters: [{ name: 'n', type: 'STRING', optional: false }],
        tasks: [],
      }),
    });
    const pipeline = await fake.uploadPipeline({
      displayName: 'p',
      content: 'root: {}',
      fileName: 'p.yaml',
    });
    expect(fake.versionsOf(pipeline.pipelineId)[0].parameters).toHaveLength(1);
    await expect(
      fake.uploadPipeline({
        displayName: 'q',
        content: JSON.stringify({
          root: { inputDefinitions: { parameters: { x: {} } } },
        }),
        fileName: 'q.json',
      }),
    ).resolves.toBeDefined();
    const strict = new FakeKubeflow();
    await expect(
      strict.uploadPipeline({
        displayName: 'q',
        content: JSON.stringify({
          root: { inputDefinitions: { parameters: { x: {} } } },
        }),
        fileName: 'q.json',
      }),
    ).rejects.toThrow(
      'failed with 400 Bad Request: Invalid input error: pipeline spec: root.inputDefinitions.parameters.x.parameterType is missing',
    );
  });
});
