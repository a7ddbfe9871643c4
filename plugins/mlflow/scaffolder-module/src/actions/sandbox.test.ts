import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import { useSandboxMlflow } from '@mlops-portal/plugin-mlflow-node/testUtils';
import { createTestActions } from '../__testUtils__/testActions';

// The real MlflowClient against the sandbox's MLflow 3.x (/mlflow) and 2.x (/mlflow2) mounts,
// which share one state.
describe.each([
  ['MLflow 3.x', 'sandbox', 3],
  ['MLflow 2.x', 'sandbox2', 2],
] as const)(
  'the actions against the sandbox (%s)',
  (_, instance, majorVersion) => {
    const { sandbox, createClients, writes } = useSandboxMlflow([
      { name: 'sandbox', mount: 'mlflow', uiUrl: 'https://mlflow.example.com' },
      {
        name: 'sandbox2',
        mount: 'mlflow2',
        uiUrl: 'https://mlflow2.example.com',
      },
    ]);

    const actions = () => createTestActions(createClients());
    const state = () => sandbox().sandbox.state.mlflow;
    const requests = () => sandbox().sandbox.stats.snapshot().total;

    const uiHost =
      majorVersion === 3 ? 'mlflow.example.com' : 'mlflow2.example.com';

    it('creates an experiment that MLflow then has, and reuses it on the next run', async () => {
      const { createExperiment, audit } = actions();
      const input = {
        name: 'churn-prediction-v2',
        instance,
        artifactLocation: 's3://ml-artifacts/churn-prediction-v2',
        tags: { team: 'customer-insights' },
      };

      const first = createTestContext(input);
      await createExperiment.handler(first.ctx);
      const second = createTestContext(input);
      await createExperiment.handler(second.ctx);

      const stored = state().experimentByName('churn-prediction-v2');
      expect(stored).toMatchObject({
        artifactLocation: 's3://ml-artifacts/churn-prediction-v2',
        tags: [{ key: 'team', value: 'customer-insights' }],
      });
      expect(first.outputs).toEqual({
        experimentId: stored!.experimentId,
        created: true,
        url: `https://${uiHost}/#/experiments/${stored!.experimentId}`,
        instance,
      });
      expect(second.outputs).toEqual({ ...first.outputs, created: false });
      expect(writes()).toEqual({
        'POST /api/2.0/mlflow/experiments/create': 1,
      });
      // The reuse is no write: one audit event, for the create.
      expect(audit).toEqual([
        expect.objectContaining({ status: 'initiated' }),
        expect.objectContaining({
          eventId: 'mlflow-experiment-create',
          status: 'succeeded',
          meta: expect.objectContaining({
            before: null,
            after: stored!.experimentId,
          }),
        }),
      ]);
    });

    it("reuses the demo's fraud-detection experiment without a write", async () => {
      const { createExperiment } = actions();
      const { ctx, outputs, logger } = createTestContext({
        name: 'fraud-detection',
        instance,
      });

      await createExperiment.handler(ctx);

      expect(outputs).toMatchObject({ experimentId: '1', created: false });
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringContaining(
          "Reused the existing MLflow experiment 'fraud-detection' (id 1)",
        ),
      );
      expect(writes()).toEqual({});
    });

    it('registers a model with its owner tag, and reuses the demo fraud-detector', async () => {
      const { registerModel } = actions();
      const created = createTestContext({
        name: 'churn-predictor-v2',
        instance,
        owner: 'group:default/customer-insights',
        description: 'Predicts churn within 30 days.',
      });
      const reused = createTestContext({
        name: 'fraud-detector',
        instance,
        owner: 'fraud-detection',
      });

      await registerModel.handler(created.ctx);
      await registerModel.handler(reused.ctx);

      const model = state().requireModel('churn-predictor-v2');
      expect(model.description).toBe('Predicts churn within 30 days.');
      expect(Object.fromEntries(model.tags)).toEqual({
        owner: 'group:default/customer-insights',
      });
      expect(created.outputs).toEqual({
        name: 'churn-predictor-v2',
        created: true,
        url: `https://${uiHost}/#/models/churn-predictor-v2`,
        instance,
      });
      expect(reused.outputs).toMatchObject({
        name: 'fraud-detector',
        created: false,
      });
      expect(reused.logger.warn).not.toHaveBeenCalled();
      expect(writes()).toEqual({
        'POST /api/2.0/mlflow/registered-models/create': 1,
      });
    });

    it('treats the loser of two concurrent creates as a reuse (RESOURCE_ALREADY_EXISTS)', async () => {
      const { createExperiment, registerModel } = actions();
      const experimentRuns = [0, 1].map(() =>
        createTestContext({ name: 'race-experiment', instance }),
      );
      const modelRuns = [0, 1].map(() =>
        createTestContext({
          name: 'race-model',
          instance,
          owner: 'ml-platform',
        }),
      );

      await Promise.all([
        ...experimentRuns.map(run => createExperiment.handler(run.ctx)),
        ...modelRuns.map(run => registerModel.handler(run.ctx)),
      ]);

      const experimentId =
        state().experimentByName('race-experiment')!.experimentId;
      expect(experimentRuns.map(run => run.outputs).sort(byCreated)).toEqual([
        expect.objectContaining({ experimentId, created: false }),
        expect.objectContaining({ experimentId, created: true }),
      ]);
      expect(modelRuns.map(run => run.outputs.created).sort()).toEqual([
        false,
        true,
      ]);
      // Both runs found nothing and tried to create: the race really happened.
      expect(writes()).toEqual({
        'POST /api/2.0/mlflow/experiments/create': 2,
        'POST /api/2.0/mlflow/registered-models/create': 2,
      });
    });

    it('does not call MLflow again when a retried task replays the checkpoint', async () => {
      const { createExperiment } = actions();
      const checkpoints = createCheckpointStore();
      const input = { name: 'churn-prediction-v2', instance };
      await createExperiment.handler(
        createTestContext(input, { checkpoints }).ctx,
      );
      const requestsAfterFirstRun = requests();

      const retry = createTestContext(input, { checkpoints });
      await createExperiment.handler(retry.ctx);

      expect(requests()).toBe(requestsAfterFirstRun);
      expect(retry.outputs.created).toBe(true);
    });

    it('refuses bad input before sending any request', async () => {
      const { createExperiment, registerModel } = actions();

      await expect(
        createExperiment.handler(
          createTestContext({ name: ' padded ', instance }).ctx,
        ),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        registerModel.handler(
          createTestContext({ name: 'm', instance, owner: 'component:x' }).ctx,
        ),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        registerModel.handler(
          createTestContext({ name: 'm', instance: 'nope' }).ctx,
        ),
      ).rejects.toMatchObject({ name: 'InputError' });

      expect(requests()).toBe(0);
    });

    it('sends no write when the initiator may not create', async () => {
      const { createExperiment, registerModel, audit } = createTestActions(
        createClients(),
        { deny: ['mlflow.experiment.create', 'mlflow.model.create'] },
      );

      await expect(
        createExperiment.handler(
          createTestContext({ name: 'churn-prediction-v2', instance }).ctx,
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        registerModel.handler(
          createTestContext({ name: 'churn-predictor-v2', instance }).ctx,
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });

      expect(writes()).toEqual({});
      expect(audit.map(record => [record.eventId, record.status])).toEqual([
        ['mlflow-experiment-create', 'initiated'],
        ['mlflow-experiment-create', 'failed'],
        ['mlflow-model-create', 'initiated'],
        ['mlflow-model-create', 'failed'],
      ]);
    });

    it('writes nothing in a dry run', async () => {
      const { createExperiment, registerModel } = actions();
      const experiment = createTestContext(
        { name: 'churn-prediction-v2', instance },
        { isDryRun: true },
      );
      const model = createTestContext(
        { name: 'churn-predictor-v2', instance, owner: 'customer-insights' },
        { isDryRun: true },
      );

      await createExperiment.handler(experiment.ctx);
      await registerModel.handler(model.ctx);

      expect(writes()).toEqual({});
      expect(state().experimentByName('churn-prediction-v2')).toBeUndefined();
      expect(experiment.outputs).toMatchObject({
        experimentId: 'dry-run',
        created: true,
      });
      expect(model.outputs).toMatchObject({ created: true });
    });
  },
);

function byCreated(a: Record<string, unknown>, b: Record<string, unknown>) {
  return Number(a.created) - Number(b.created);
}
