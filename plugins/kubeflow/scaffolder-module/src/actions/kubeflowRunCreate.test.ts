import { KUBEFLOW_STORY } from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  createFakeActions,
  createTestContext,
} from '../__testUtils__/testActions';

const fraud = KUBEFLOW_STORY.fraudPipeline;

describe('kubeflow:run:create', () => {
  it("starts a run of the pipeline's newest version with its parameters, authorized and audited", async () => {
    const { run, fake, audit, permissions } = createFakeActions();
    const { ctx, outputs } = createTestContext({
      pipeline: fraud.name,
      parameters: { registered_model: 'fraud-detector', lookback_days: 30 },
    });

    await run.handler(ctx);

    const [created] = fake.callsOf('createRun');
    expect(created.args[0]).toMatchObject({
      pipelineId: fraud.id,
      pipelineVersionId: fraud.versions.v3.id,
      displayName: `${fraud.name} (Backstage task mock-tas)`,
      parameters: { registered_model: 'fraud-detector', lookback_days: 30 },
    });
    expect(outputs).toMatchObject({
      pipelineId: fraud.id,
      pipelineVersionId: fraud.versions.v3.id,
      created: true,
      url: expect.stringMatching(
        new RegExp(`#/runs/details/${outputs.runId as string}$`),
      ),
      instance: 'prod',
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({ name: 'kubeflow.run.create' }),
          resourceRef: `resource:default/${fraud.name}`,
        }),
      ],
      expect.anything(),
    );
    expect(audit.map(a => [a.eventId, a.status])).toEqual([
      ['kubeflow-run-create', 'initiated'],
      ['kubeflow-run-create', 'succeeded'],
    ]);
    expect(audit[1].meta).toMatchObject({
      before: null,
      after: outputs.runId,
      parameterNames: ['registered_model', 'lookback_days'],
    });
  });

  it('runs a version and an experiment named by name or id', async () => {
    const { run, fake } = createFakeActions();
    await run.handler(
      createTestContext({
        pipeline: fraud.id,
        version: 'v2',
        experiment: fraud.experiment.name,
        runName: 'backfill',
        parameters: { registered_model: 'fraud-detector' },
      }).ctx,
    );
    expect(fake.callsOf('createRun')[0].args[0]).toMatchObject({
      pipelineVersionId: fraud.versions.v2.id,
      experimentId: fraud.experiment.id,
      displayName: 'backfill',
    });
  });

  it.each([
    [
      'a missing required parameter',
      {},
      /refuses these parameters: parameter 'registered_model' is required \(a string\)/,
    ],
    [
      'a parameter of the wrong type',
      { registered_model: 'm', lookback_days: '30' },
      /parameter 'lookback_days' must be an integer, got the string "30"/,
    ],
    [
      'a parameter the version does not declare',
      { registered_model: 'm', epochs: 3 },
      /parameter 'epochs' is not declared/,
    ],
  ])(
    'refuses %s with a clear message, and sends nothing upstream',
    async (_, parameters, why) => {
      const { run, fake, audit } = createFakeActions();
      for (const isDryRun of [true, false]) {
        const { ctx } = createTestContext(
          { pipeline: fraud.name, parameters },
          { isDryRun },
        );
        await expect(run.handler(ctx)).rejects.toThrow(
          expect.objectContaining({
            name: 'InputError',
            message: expect.stringMatching(why),
          }),
        );
      }
      expect(fake.writes()).toEqual([]);
      expect(audit).toEqual([]);
    },
  );

  it.each([
    ['an unknown pipeline', { pipeline: 'nope' }, 'NotFoundError'],
    [
      'an unknown version',
      { pipeline: fraud.name, version: 'v9' },
      'NotFoundError',
    ],
    [
      'an unknown experiment',
      { pipeline: fraud.name, experiment: 'nope' },
      'NotFoundError',
    ],
    ['a blank pipeline', { pipeline: '  ' }, 'InputError'],
    [
      'an unknown instance',
      { pipeline: fraud.name, instance: 'nope' },
      'InputError',
    ],
  ])('refuses %s and starts nothing', async (_, input, name) => {
    const { run, fake } = createFakeActions();
    const { ctx } = createTestContext({
      parameters: { registered_model: 'm' },
      ...input,
    });
    await expect(run.handler(ctx)).rejects.toThrow(
      expect.objectContaining({ name }),
    );
    expect(fake.writes()).toEqual([]);
  });

  it('starts no second run when retried or run again with the same name', async () => {
    const { run, fake } = createFakeActions();
    const input = {
      pipeline: fraud.name,
      runName: 'first-run',
      parameters: { registered_model: 'm' },
    };
    const checkpoints = createCheckpointStore();
    await run.handler(createTestContext(input, { checkpoints }).ctx);
    await run.handler(createTestContext(input, { checkpoints }).ctx);
    const again = createTestContext(input);
    await run.handler(again.ctx);
    expect(fake.callsOf('createRun')).toHaveLength(1);
    expect(again.outputs).toMatchObject({ created: false });
  });

  it('is refused without the permission on the pipeline, and starts nothing', async () => {
    const { run, fake } = createFakeActions({ deny: ['kubeflow.run.create'] });
    const { ctx } = createTestContext({
      pipeline: fraud.name,
      parameters: { registered_model: 'm' },
    });
    await expect(run.handler(ctx)).rejects.toThrow(
      expect.objectContaining({ name: 'NotAllowedError' }),
    );
    expect(fake.writes()).toEqual([]);
  });

  it('in a dry run checks and authorizes, but starts nothing', async () => {
    const { run, fake, audit } = createFakeActions();
    const { ctx, outputs, logger } = createTestContext(
      { pipeline: fraud.name, parameters: { registered_model: 'm' } },
      { isDryRun: true },
    );
    await run.handler(ctx);
    expect(fake.writes()).toEqual([]);
    expect(audit).toEqual([]);
    expect(outputs).toMatchObject({ created: true, runId: '(new run)' });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^Dry run: would start a run/),
    );
  });
});
