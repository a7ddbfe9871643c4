import { ServiceUnavailableError } from '@backstage/errors';
import {
  FakeMlflow,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import {
  ExperimentRequest,
  experiments,
  RegisteredModelRequest,
  registeredModels,
} from './ensure';
import { createOrReuseWinner } from '@mlops-portal/plugin-mlops-node';

// What a real run does with a kind: create unless found, and reuse the winner of a race.
const ensureExperiment = async (fake: FakeMlflow, request: ExperimentRequest) =>
  (await experiments.find(fake, request.name)) ??
  createOrReuseWinner(
    () => experiments.create(fake, request),
    () => experiments.find(fake, request.name),
  );

const ensureRegisteredModel = async (
  fake: FakeMlflow,
  request: RegisteredModelRequest,
) =>
  (await registeredModels.find(fake, request.name)) ??
  createOrReuseWinner(
    () => registeredModels.create(fake, request),
    () => registeredModels.find(fake, request.name),
  );

describe('experiments', () => {
  it('creates an absent experiment with its artifact location and tags', async () => {
    const fake = new FakeMlflow();
    const outcome = await ensureExperiment(fake, {
      name: 'churn-v2',
      artifactLocation: 's3://ml/churn-v2',
      tags: [{ key: 'team', value: 'customer-insights' }],
    });

    const [stored] = fake.data.experiments;
    expect(outcome).toEqual({
      experimentId: stored.experiment_id,
      created: true,
    });
    expect(stored).toMatchObject({
      name: 'churn-v2',
      artifact_location: 's3://ml/churn-v2',
      tags: [{ key: 'team', value: 'customer-insights' }],
    });
  });

  it('reuses an existing experiment without creating anything', async () => {
    const fake = new FakeMlflow();
    const existing = fake.addExperiment('fraud-detection');

    const outcome = await ensureExperiment(fake, {
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
    const fake = new FakeMlflow();
    fake.raceNextCreate = true;

    const outcome = await ensureExperiment(fake, {
      name: 'churn-v2',
      tags: [],
    });

    expect(outcome).toEqual({
      experimentId: fake.data.experiments[0].experiment_id,
      created: false,
    });
    expect(fake.writes).toHaveLength(1);
    expect(fake.data.experiments).toHaveLength(1);
  });

  it('refuses a deleted experiment of that name with ConflictError', async () => {
    const fake = new FakeMlflow();
    fake.addExperiment('old-churn', { lifecycle_stage: 'deleted' });

    await expect(
      ensureExperiment(fake, { name: 'old-churn', tags: [] }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /^MLflow experiment 'old-churn' \(id \d+\) on instance 'prod' is deleted; restore it/,
      ),
    });
    expect(fake.writes).toEqual([]);
  });

  it('passes other upstream errors on', async () => {
    const fake = new FakeMlflow();
    const down = new ServiceUnavailableError("mlflow instance 'prod' is down");
    fake.failures.getExperimentByName = down;

    await expect(
      ensureExperiment(fake, { name: 'churn-v2', tags: [] }),
    ).rejects.toBe(down);
    expect(fake.writes).toEqual([]);
  });
});

describe('registered models', () => {
  it('creates an absent model with its description and tags', async () => {
    const fake = new FakeMlflow();
    const outcome = await ensureRegisteredModel(fake, {
      name: 'churn-predictor-v2',
      description: 'Churn in 30 days',
      tags: [{ key: 'owner', value: 'customer-insights' }],
    });

    expect(outcome).toEqual({
      created: true,
      tags: { owner: 'customer-insights' },
    });
    expect(fake.data.models).toEqual([
      {
        name: 'churn-predictor-v2',
        description: 'Churn in 30 days',
        tags: [{ key: 'owner', value: 'customer-insights' }],
      },
    ]);
  });

  it('reuses an existing model as it is and reports its tags', async () => {
    const fake = new FakeMlflow();
    const existing = registeredModel('fraud-detector', {
      tags: { owner: 'fraud-detection' },
    });
    fake.addModel(structuredClone(existing));

    const outcome = await ensureRegisteredModel(fake, {
      name: 'fraud-detector',
      description: 'ignored',
      tags: [{ key: 'owner', value: 'someone-else' }],
    });

    expect(outcome).toEqual({
      created: false,
      tags: { owner: 'fraud-detection' },
    });
    expect(fake.writes).toEqual([]);
    expect(fake.data.models).toEqual([existing]);
  });

  it('reuses the model a concurrent create made first', async () => {
    const fake = new FakeMlflow();
    fake.raceNextCreate = true;

    const outcome = await ensureRegisteredModel(fake, {
      name: 'churn-predictor-v2',
      tags: [{ key: 'owner', value: 'customer-insights' }],
    });

    expect(outcome).toEqual({ created: false, tags: {} });
    expect(fake.writes).toHaveLength(1);
  });

  it('rethrows the ConflictError when the winner cannot be read either', async () => {
    const fake = new FakeMlflow();
    fake.raceNextCreate = true;
    // The winner's model is gone again by the time it is read (deleted in between).
    const create = fake.createRegisteredModel.bind(fake);
    jest
      .spyOn(fake, 'createRegisteredModel')
      .mockImplementation(async request => {
        try {
          return await create(request);
        } finally {
          fake.data.models.splice(0);
        }
      });

    await expect(
      ensureRegisteredModel(fake, { name: 'flaky', tags: [] }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(fake.count('getRegisteredModel')).toBe(2);
  });
});
