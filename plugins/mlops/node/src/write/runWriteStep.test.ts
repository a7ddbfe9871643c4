import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createPermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { createCheckpointStore } from '../testUtils/scaffolder';
import { mockWritePipeline } from '../testUtils/writes';
import { runWriteStep, WriteStep, WriteStepContext } from './runWriteStep';

const unpause = createPermission({
  name: 'airflow.dag.pause',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const locator = {
  entityRef: 'resource:default/train_model',
  managedByLocation: 'mlops:airflow/prod',
  annotations: { 'airflow.apache.org/dag-id': 'train_model' },
  provider: 'the Airflow catalog provider',
  description: "Airflow DAG 'train_model' on instance 'prod'",
};
const ingested = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'train_model',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'mlops:airflow/prod',
      'backstage.io/managed-by-origin-location': 'mlops:airflow/prod',
      'airflow.apache.org/dag-id': 'train_model',
    },
  },
  spec: { owner: 'group:default/ml-platform', type: 'airflow-dag' },
};

/** A DAG that is paused until the step's write unpauses it. */
function setup(options: { deny?: string[]; isDryRun?: boolean } = {}) {
  const writes = mockWritePipeline({
    auth: mockServices.auth(),
    entities: [ingested],
    deny: options.deny,
  });
  const dag = { isPaused: true };
  const calls: string[] = [];
  const checkpoints = createCheckpointStore();
  const context = (isDryRun = options.isDryRun): WriteStepContext => ({
    isDryRun,
    task: { id: 'task-1' },
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/jane'),
    checkpoint: checkpoints.checkpoint,
  });
  const step: WriteStep<JsonObject> = {
    checkpoint: 'airflow.dag.unpause.prod.train_model',
    current: async () => {
      calls.push('current');
      return dag.isPaused ? undefined : { changed: false };
    },
    write: {
      eventId: 'airflow-dag-pause',
      instance: 'prod',
      authority: { kind: 'ingested-entity', permission: unpause, locator },
      meta: { instance: 'prod', dagId: 'train_model', isPaused: false },
      change: async () => {
        calls.push('change');
        dag.isPaused = false;
        return { before: { isPaused: true }, after: { isPaused: false } };
      },
      reload: async () => ({ changed: true }),
    },
    dryRunOutcome: { changed: true, dryRun: true },
  };
  return { ...writes, dag, calls, checkpoints, context, step };
}

describe('runWriteStep', () => {
  it("writes through the pipeline with the initiator's credentials, audited with the task", async () => {
    const { context, step, pipeline, dag, audit, permissions, calls } = setup();

    const result = await runWriteStep(context(), pipeline, step);

    expect(result).toEqual({ status: 'written', outcome: { changed: true } });
    expect(dag.isPaused).toBe(false);
    expect(calls).toEqual(['current', 'change']);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: unpause, resourceRef: 'resource:default/train_model' }],
      { credentials: mockCredentials.user('user:default/jane') },
    );
    const meta = {
      actor: { userEntityRef: 'user:default/jane' },
      instance: 'prod',
      dagId: 'train_model',
      isPaused: false,
      task: 'task-1',
    };
    expect(audit).toEqual([
      { eventId: 'airflow-dag-pause', status: 'initiated', meta },
      {
        eventId: 'airflow-dag-pause',
        status: 'succeeded',
        meta: {
          ...meta,
          authority: 'resource:default/train_model',
          before: { isPaused: true },
          after: { isPaused: false },
        },
      },
    ]);
  });

  it('writes nothing, asks nothing and audits nothing when the object already is as wanted', async () => {
    const { context, step, pipeline, dag, audit, permissions, calls } = setup({
      deny: ['airflow.dag.pause'],
    });
    dag.isPaused = false;

    await expect(runWriteStep(context(), pipeline, step)).resolves.toEqual({
      status: 'unchanged',
      outcome: { changed: false },
    });
    expect(calls).toEqual(['current']);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(audit).toEqual([]);
  });

  it('refuses a write the initiator may not make: NotAllowedError, no change, a failed audit event', async () => {
    const { context, step, pipeline, dag, audit, calls } = setup({
      deny: ['airflow.dag.pause'],
    });

    await expect(runWriteStep(context(), pipeline, step)).rejects.toMatchObject(
      {
        name: 'NotAllowedError',
        message: expect.stringContaining(
          "owned by 'group:default/ml-platform'",
        ),
      },
    );
    expect(dag.isPaused).toBe(true);
    expect(calls).toEqual(['current']);
    expect(audit.map(record => record.status)).toEqual(['initiated', 'failed']);
  });

  it('replays a recorded write on a retried task: no read, no authorization, no second event', async () => {
    const { context, step, pipeline, audit, permissions, calls, checkpoints } =
      setup();
    await runWriteStep(context(), pipeline, step);

    const replay = await runWriteStep(context(), pipeline, step);

    expect(replay).toEqual({ status: 'written', outcome: { changed: true } });
    expect(calls).toEqual(['current', 'change']);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(audit).toHaveLength(2);
    expect([...checkpoints.values.keys()]).toEqual([
      'airflow.dag.unpause.prod.train_model',
    ]);
  });

  it('looks again inside the checkpoint, so a try that wrote without recording it is not repeated', async () => {
    const { step, pipeline, dag, audit, calls } = setup();
    // An earlier try unpaused the DAG and died before its checkpoint was stored.
    dag.isPaused = false;
    const fresh = createCheckpointStore();

    const result = await runWriteStep(
      {
        task: { id: 'task-1' },
        getInitiatorCredentials: async () => mockCredentials.user(),
        checkpoint: fresh.checkpoint,
      },
      pipeline,
      step,
    );

    expect(result.status).toBe('unchanged');
    expect(calls).toEqual(['current']);
    expect(audit).toEqual([]);
    expect(fresh.values.get('airflow.dag.unpause.prod.train_model')).toEqual({
      written: false,
      outcome: { changed: false },
    });
  });

  describe('in a dry run', () => {
    it('authorizes as the real run would and answers the placeholder, writing and auditing nothing', async () => {
      const { context, step, pipeline, dag, audit, permissions, calls } = setup(
        { isDryRun: true },
      );

      await expect(runWriteStep(context(), pipeline, step)).resolves.toEqual({
        status: 'would-write',
        outcome: { changed: true, dryRun: true },
        allowedBy: 'resource:default/train_model',
      });
      expect(dag.isPaused).toBe(true);
      expect(calls).toEqual(['current']);
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
      expect(audit).toEqual([]);
    });

    it('fails as the real run would when the initiator may not write', async () => {
      const { context, step, pipeline, audit } = setup({
        isDryRun: true,
        deny: ['airflow.dag.pause'],
      });

      await expect(
        runWriteStep(context(), pipeline, step),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      expect(audit).toEqual([]);
    });

    it('says unchanged without asking when nothing would be written', async () => {
      const { context, step, pipeline, dag, permissions } = setup({
        isDryRun: true,
        deny: ['airflow.dag.pause'],
      });
      dag.isPaused = false;

      await expect(runWriteStep(context(), pipeline, step)).resolves.toEqual({
        status: 'unchanged',
        outcome: { changed: false },
      });
      expect(permissions.authorize).not.toHaveBeenCalled();
    });

    it('names the basic permission that would allow a create', async () => {
      const { context, pipeline } = setup({ isDryRun: true });
      const create = createPermission({
        name: 'mlflow.experiment.create',
        attributes: { action: 'create' },
      });

      const result = await runWriteStep(context(), pipeline, {
        checkpoint: 'mlflow.experiment.create.prod.churn',
        current: async () => undefined,
        write: {
          eventId: 'mlflow-experiment-create',
          instance: 'prod',
          authority: {
            kind: 'basic',
            permission: create,
            description: "create MLflow experiment 'churn'",
          },
          meta: {},
          change: async () => ({ before: null, after: '1' }),
          reload: async () => '1',
        },
        dryRunOutcome: 'dry-run',
      });

      expect(result).toEqual({
        status: 'would-write',
        outcome: 'dry-run',
        allowedBy: 'mlflow.experiment.create',
      });
    });
  });
});
