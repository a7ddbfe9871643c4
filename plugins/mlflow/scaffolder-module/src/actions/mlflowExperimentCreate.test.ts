import { FakeMlflow } from '@mlops-portal/plugin-mlflow-node/testUtils';
import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import { createFakeActions } from '../__testUtils__/testActions';
import { DRY_RUN_EXPERIMENT_ID } from '../lib/ensure';

const experiment = (fake: FakeMlflow, name: string) =>
  fake.data.experiments.find(candidate => candidate.name === name);

describe('mlflow:experiment:create', () => {
  const setup = () => {
    const actions = createFakeActions(['prod', 'research']);
    return { ...actions, action: actions.createExperiment };
  };

  it('describes its input and output as JSON schema for the template editor', () => {
    const { action } = setup();

    expect(action.id).toBe('mlflow:experiment:create');
    expect(action.supportsDryRun).toBe(true);
    expect(action.schema?.input).toMatchObject({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, description: expect.any(String) },
        instance: { type: 'string', description: expect.any(String) },
        artifactLocation: { type: 'string', description: expect.any(String) },
        tags: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: expect.any(String),
        },
      },
    });
    expect(action.schema?.output).toMatchObject({
      required: ['experimentId', 'created', 'url', 'instance'],
    });
  });

  it('creates an absent experiment and outputs its id and UI link', async () => {
    const { action, fake } = setup();
    const { ctx, logger, outputs } = createTestContext({
      name: 'churn-prediction-v2',
      artifactLocation: 's3://ml-artifacts/churn-prediction-v2',
      tags: { team: 'customer-insights' },
    });

    await action.handler(ctx);

    const created = experiment(fake, 'churn-prediction-v2');
    expect(created).toMatchObject({
      artifact_location: 's3://ml-artifacts/churn-prediction-v2',
      tags: [{ key: 'team', value: 'customer-insights' }],
    });
    expect(outputs).toEqual({
      experimentId: created!.experiment_id,
      created: true,
      url: `https://prod.upstream.example.com/ui/#/experiments/${
        created!.experiment_id
      }`,
      instance: 'prod',
    });
    expect(logger.info).toHaveBeenCalledWith(
      `Created MLflow experiment 'churn-prediction-v2' (id ${
        created!.experiment_id
      }) on instance 'prod'`,
    );
  });

  it('creates on the named instance only', async () => {
    const { action, fakes } = setup();
    const { ctx, outputs } = createTestContext({
      name: 'graph-features',
      instance: 'research',
    });

    await action.handler(ctx);

    expect(experiment(fakes.get('research')!, 'graph-features')).toBeDefined();
    expect(fakes.get('prod')!.calls).toEqual([]);
    expect(outputs.url).toMatch(
      /^https:\/\/research\.upstream\.example\.com\/ui\/#\/experiments\//,
    );
    expect(outputs.instance).toBe('research');
  });

  it('reuses an existing experiment and says so, without a create call', async () => {
    const { action, fake } = setup();
    const existing = fake.addExperiment('fraud-detection');
    const { ctx, logger, outputs } = createTestContext({
      name: 'fraud-detection',
      tags: { team: 'ignored' },
    });

    await action.handler(ctx);

    expect(fake.writes).toEqual([]);
    expect(outputs).toMatchObject({
      experimentId: existing.experiment_id,
      created: false,
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Reused the existing MLflow experiment 'fraud-detection' \(id \d+\) on instance 'prod'/,
      ),
    );
  });

  it('does not repeat the create when a retried task replays the checkpoint', async () => {
    const { action, fake } = setup();
    const checkpoints = createCheckpointStore();
    const first = createTestContext({ name: 'churn-v2' }, { checkpoints });
    await action.handler(first.ctx);
    const callsAfterFirstRun = fake.calls.length;

    const retry = createTestContext({ name: 'churn-v2' }, { checkpoints });
    await action.handler(retry.ctx);

    expect(fake.writes).toHaveLength(1);
    expect(fake.calls).toHaveLength(callsAfterFirstRun);
    // The retry reports what the task did, not "reused".
    expect(retry.outputs).toEqual(first.outputs);
    expect(retry.outputs.created).toBe(true);
    expect([...checkpoints.values.keys()]).toEqual([
      'mlflow.experiment.create.prod.churn-v2',
    ]);
  });

  it('makes no write in a dry run and reports a placeholder id for a new experiment', async () => {
    const { action, fake } = setup();
    const { ctx, logger, outputs } = createTestContext(
      { name: 'churn-v2', tags: { team: 'customer-insights' } },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(fake.writes).toEqual([]);
    expect(experiment(fake, 'churn-v2')).toBeUndefined();
    expect(outputs).toEqual({
      experimentId: DRY_RUN_EXPERIMENT_ID,
      created: true,
      url: 'https://prod.upstream.example.com/ui/#/experiments/dry-run',
      instance: 'prod',
    });
    expect(logger.info).toHaveBeenCalledWith(
      "Dry run: would create MLflow experiment 'churn-v2' on instance 'prod' (allowed: mlflow.experiment.create)",
    );
  });

  it('reports the existing experiment in a dry run', async () => {
    const { action, fake } = setup();
    const existing = fake.addExperiment('fraud-detection');
    const { ctx, outputs } = createTestContext(
      { name: 'fraud-detection' },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(fake.writes).toEqual([]);
    expect(outputs).toMatchObject({
      experimentId: existing.experiment_id,
      created: false,
    });
  });

  it.each([
    ['an empty name', { name: '' }, /non-empty/],
    ['a name MLflow rejects', { name: 'x'.repeat(501) }, /at most 500/],
    ['a bad tag key', { name: 'churn', tags: { 'a:b': 'c' } }, /tag key 'a:b'/],
    [
      'a runs:/ artifact location',
      { name: 'churn', artifactLocation: 'runs:/1/x' },
      /runs:\/ URI/,
    ],
    [
      'an unknown instance',
      { name: 'churn', instance: 'staging' },
      /Unknown mlflow instance 'staging'; configured instances are 'prod', 'research'/,
    ],
  ])(
    'refuses %s with InputError before any request',
    async (_, input, message) => {
      const { action, fakes } = setup();
      const { ctx } = createTestContext(input);

      await expect(action.handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      for (const fake of fakes.values()) {
        expect(fake.calls).toEqual([]);
      }
    },
  );
});
