import {
  FakeKubeflow,
  KUBEFLOW_STORY,
  fakePipelineSpec,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  createFakeActions,
  createTestContext,
} from '../__testUtils__/testActions';

const churnSpec = fakePipelineSpec('churn-model-training', {
  parameters: [{ name: 'rows', type: 'NUMBER_INTEGER', optional: true }],
});
const fraud = KUBEFLOW_STORY.fraudPipeline;

describe('kubeflow:pipeline:upload', () => {
  it('uploads a new pipeline named by its spec, under the create permission, audited', async () => {
    const { upload, fake, audit, permissions } = createFakeActions();
    const { ctx, outputs } = createTestContext(
      { specPath: 'pipelines/pipeline.yaml', description: 'Churn' },
      { files: { 'pipelines/pipeline.yaml': churnSpec } },
    );

    await upload.handler(ctx);

    const created = fake.pipelines.find(
      p => p.displayName === 'churn-model-training',
    )!;
    expect(created).toMatchObject({ description: 'Churn' });
    expect(outputs).toEqual({
      pipelineId: created.pipelineId,
      pipelineVersionId: fake.versionsOf(created.pipelineId)[0]
        .pipelineVersionId,
      pipelineName: 'churn-model-training',
      versionName: expect.any(String),
      pipelineCreated: true,
      versionCreated: true,
      url: expect.stringContaining(
        `#/pipelines/details/${created.pipelineId}/version/`,
      ),
      instance: 'prod',
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'kubeflow.pipeline.create',
          }),
        }),
      ],
      expect.anything(),
    );
    expect(audit.map(a => [a.eventId, a.status])).toEqual([
      ['kubeflow-pipeline-create', 'initiated'],
      ['kubeflow-pipeline-create', 'succeeded'],
    ]);
    expect(audit[1].meta).toMatchObject({
      actor: { userEntityRef: 'user:default/mock' },
      authority: 'kubeflow.pipeline.create',
      before: null,
      after: created.pipelineId,
      task: 'mock-task-id',
    });
  });

  it('adds a version named by the content to an existing pipeline, authorized against its ingested entity', async () => {
    const { upload, fake, audit, permissions } = createFakeActions();
    const { ctx, outputs } = createTestContext(
      { specPath: 'p.json', name: fraud.name },
      { files: { 'p.json': churnSpec } },
    );

    await upload.handler(ctx);

    const versions = fake.versionsOf(fraud.id);
    expect(versions.map(v => v.displayName)).toEqual([
      'v1',
      'v2',
      'v3',
      expect.stringMatching(/^sha256-[0-9a-f]{12}$/),
    ]);
    expect(outputs).toMatchObject({
      pipelineId: fraud.id,
      pipelineCreated: false,
      versionCreated: true,
      versionName: versions[3].displayName,
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'kubeflow.pipeline.upload',
          }),
          resourceRef: `resource:default/${fraud.name}`,
        }),
      ],
      expect.anything(),
    );
    expect(audit.map(a => [a.eventId, a.status])).toEqual([
      ['kubeflow-pipeline-version-upload', 'initiated'],
      ['kubeflow-pipeline-version-upload', 'succeeded'],
    ]);
    expect(audit[1].meta).toMatchObject({
      authority: expect.stringContaining(`resource:default/${fraud.name}`),
      before: null,
      after: versions[3].pipelineVersionId,
    });
  });

  it('uploads nothing when the version is there already: the same spec twice is one version', async () => {
    const { upload, fake } = createFakeActions();
    const files = { 'p.json': churnSpec };
    const first = createTestContext(
      { specPath: 'p.json', name: fraud.name },
      { files },
    );
    await upload.handler(first.ctx);
    const second = createTestContext(
      { specPath: 'p.json', name: fraud.name },
      { files },
    );
    await upload.handler(second.ctx);

    expect(fake.versionsOf(fraud.id)).toHaveLength(4);
    expect(second.outputs).toMatchObject({
      versionCreated: false,
      pipelineVersionId: first.outputs.pipelineVersionId,
    });
    expect(fake.callsOf('uploadPipelineVersion')).toHaveLength(1);
  });

  it('replays its checkpoint when the task is retried, uploading once', async () => {
    const { upload, fake } = createFakeActions();
    const checkpoints = createCheckpointStore();
    const files = { 'p.json': churnSpec };
    for (let attempt = 0; attempt < 2; attempt++) {
      await upload.handler(
        createTestContext({ specPath: 'p.json' }, { files, checkpoints }).ctx,
      );
    }
    expect(fake.callsOf('uploadPipeline')).toHaveLength(1);
  });

  it('is refused without the permission, and uploads nothing', async () => {
    const { upload, fake, audit } = createFakeActions({
      deny: ['kubeflow.pipeline.upload'],
    });
    const { ctx } = createTestContext(
      { specPath: 'p.json', name: fraud.name },
      { files: { 'p.json': churnSpec } },
    );
    await expect(upload.handler(ctx)).rejects.toThrow(
      expect.objectContaining({ name: 'NotAllowedError' }),
    );
    expect(fake.writes()).toEqual([]);
    expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
  });

  it('in a dry run reads and authorizes, but uploads nothing', async () => {
    const { upload, fake, audit } = createFakeActions();
    const { ctx, outputs, logger } = createTestContext(
      { specPath: 'p.json' },
      { files: { 'p.json': churnSpec }, isDryRun: true },
    );
    await upload.handler(ctx);
    expect(fake.writes()).toEqual([]);
    expect(audit).toEqual([]);
    expect(outputs).toMatchObject({
      pipelineCreated: true,
      versionCreated: true,
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Dry run: would upload Kubeflow pipeline 'churn-model-training'/,
      ),
    );
  });

  it.each([
    [
      'a path out of the workspace',
      { specPath: '../secret.yaml' },
      /outside|workspace/i,
    ],
    [
      'a missing file',
      { specPath: 'nope.yaml' },
      /cannot be read from the workspace/,
    ],
    [
      'a file that is no pipeline spec',
      { specPath: 'bad.yaml' },
      /not a compiled KFP pipeline spec/,
    ],
    [
      'a name with a control character',
      { specPath: 'p.json', name: 'a\u0007b' },
      /Invalid name: .*control character/,
    ],
    ['an unknown instance', { specPath: 'p.json', instance: 'nope' }, /nope/],
  ])('refuses %s and changes nothing', async (_, input, why) => {
    const { upload, fake } = createFakeActions();
    const { ctx } = createTestContext(input, {
      files: { 'p.json': churnSpec, 'bad.yaml': 'kind: Workflow\n' },
    });
    await expect(upload.handler(ctx)).rejects.toThrow(why);
    expect(fake.writes()).toEqual([]);
  });

  it('uploads to a named instance and links to its UI', async () => {
    const { upload, fakes } = createFakeActions();
    const { ctx, outputs } = createTestContext(
      { specPath: 'p.json', instance: 'research' },
      { files: { 'p.json': churnSpec } },
    );
    await upload.handler(ctx);
    expect(fakes[1].callsOf('uploadPipeline')).toHaveLength(1);
    expect(fakes[0].writes()).toEqual([]);
    expect(outputs.url).toMatch(
      /^https:\/\/research\.example\.com\/pipeline\/#\/pipelines\/details\//,
    );
    expect(outputs.instance).toBe('research');
  });

  it('answers the winner when a concurrent upload took the version name', async () => {
    const fake = FakeKubeflow.story({ instance: { name: 'prod' } });
    const { upload } = createFakeActions({ fakes: [fake] });
    const { ctx, outputs } = createTestContext(
      { specPath: 'p.json', name: fraud.name, versionName: 'v9' },
      { files: { 'p.json': churnSpec } },
    );
    // Another upload of v9 lands between the look and the upload.
    const original = fake.uploadPipelineVersion.bind(fake);
    jest
      .spyOn(fake, 'uploadPipelineVersion')
      .mockImplementationOnce(async options => {
        await original(options);
        return original(options);
      });
    await upload.handler(ctx);
    expect(
      fake.versionsOf(fraud.id).filter(v => v.displayName === 'v9'),
    ).toHaveLength(1);
    expect(outputs).toMatchObject({ versionName: 'v9' });
  });
});
