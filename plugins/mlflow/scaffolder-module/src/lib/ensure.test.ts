import { ServiceUnavailableError } from '@backstage/errors';
import { FakeMlflowApi } from '../__testUtils__/fakeMlflow';
import { ensureExperiment, ensureRegisteredModel } from './ensure';

describe('ensureExperiment', () => {
  it('creates an absent experiment with its artifact location and tags', async () => {
    const fake = new FakeMlflowApi();
    const outcome = await ensureExperiment(fake.asClient(), {
      name: 'churn-v2',
      artifactLocation: 's3://ml/churn-v2',
      tags: [{ key: 'team', value: 'customer-insights' }],
    });

    expect(outcome).toEqual({
      experimentId: fake.experiments.get('churn-v2')!.experiment_id,
      created: true,
    });
    expect(fake.experiments.get('churn-v2')).toMatchObject({
      artifact_location: 's3://ml/churn-v2',
      tags: [{ key: 'team', value: 'customer-insights' }],
    });
  });

  it('reuses an existing experiment without creating anything', async () => {
    const fake = new FakeMlflowApi();
    const existing = fake.addExperiment('fraud-detection');

    const outcome = await ensureExperiment(fake.asClient(), {
      name: 'fraud-detection',
      tags: [],
    });

    expect(outcome).toEqual({
      experimentId: existing.experiment_id,
      created: false,
    });
    expect(fake.writes).toEqual([]);
  });

  it('reuses the experiment a concurrent create made first (RESOURCE_ALREADY_EXISTS)', async () => {
    const fake = new FakeMlflowApi();
    fake.raceNextCreate = true;

    const outcome = await ensureExperiment(fake.asClient(), {
      name: 'churn-v2',
      tags: [],
    });

    expect(outcome).toEqual({
      experimentId: fake.experiments.get('churn-v2')!.experiment_id,
      created: false,
    });
    expect(fake.calls.map(call => call.method)).toEqual([
      'getExperimentByName',
      'createExperiment',
      'getExperimentByName',
    ]);
  });

  it('refuses to reuse a deleted experiment', async () => {
    const fake = new FakeMlflowApi();
    fake.addExperiment('old-churn', { lifecycle_stage: 'deleted' });

    await expect(
      ensureExperiment(fake.asClient(), { name: 'old-churn', tags: [] }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /^MLflow experiment 'old-churn' \(id \d+\) on instance 'prod' is deleted; restore it/,
      ),
    });
    expect(fake.writes).toEqual([]);
  });

  it('passes other upstream errors on', async () => {
    const fake = new FakeMlflowApi();
    const client = fake.asClient();
    const down = new ServiceUnavailableError("mlflow instance 'prod' is down");
    jest.spyOn(client, 'getExperimentByName').mockRejectedValue(down);

    await expect(
      ensureExperiment(client, { name: 'churn-v2', tags: [] }),
    ).rejects.toBe(down);
    expect(fake.writes).toEqual([]);
  });
});

describe('ensureRegisteredModel', () => {
  it('creates an absent model with its description and tags', async () => {
    const fake = new FakeMlflowApi();
    const outcome = await ensureRegisteredModel(fake.asClient(), {
      name: 'churn-predictor-v2',
      description: 'Churn in 30 days',
      tags: [{ key: 'owner', value: 'customer-insights' }],
    });

    expect(outcome).toEqual({
      created: true,
      tags: { owner: 'customer-insights' },
    });
    expect(fake.models.get('churn-predictor-v2')).toEqual({
      name: 'churn-predictor-v2',
      description: 'Churn in 30 days',
      tags: [{ key: 'owner', value: 'customer-insights' }],
    });
  });

  it('reuses an existing model as it is and reports its tags', async () => {
    const fake = new FakeMlflowApi();
    fake.addModel('fraud-detector', [
      { key: 'owner', value: 'fraud-detection' },
    ]);

    const outcome = await ensureRegisteredModel(fake.asClient(), {
      name: 'fraud-detector',
      description: 'ignored',
      tags: [{ key: 'owner', value: 'someone-else' }],
    });

    expect(outcome).toEqual({
      created: false,
      tags: { owner: 'fraud-detection' },
    });
    expect(fake.writes).toEqual([]);
    expect(fake.models.get('fraud-detector')?.tags).toEqual([
      { key: 'owner', value: 'fraud-detection' },
    ]);
  });

  it('reuses the model a concurrent create made first', async () => {
    const fake = new FakeMlflowApi();
    fake.raceNextCreate = true;

    const outcome = await ensureRegisteredModel(fake.asClient(), {
      name: 'churn-predictor-v2',
      tags: [{ key: 'owner', value: 'customer-insights' }],
    });

    expect(outcome).toEqual({ created: false, tags: {} });
    expect(fake.writes).toHaveLength(1);
  });

  it('rethrows RESOURCE_ALREADY_EXISTS when the model still cannot be read', async () => {
    const fake = new FakeMlflowApi();
    const client = fake.asClient();
    fake.raceNextCreate = true;
    // The winner's model is gone again by the time it is read (deleted in between).
    const create = client.createRegisteredModel.bind(client);
    jest
      .spyOn(client, 'createRegisteredModel')
      .mockImplementation(async request => {
        try {
          return await create(request);
        } finally {
          fake.models.delete(request.name);
        }
      });

    await expect(
      ensureRegisteredModel(client, { name: 'flaky', tags: [] }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('RESOURCE_ALREADY_EXISTS'),
    });
  });
});
