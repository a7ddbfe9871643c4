import { mockCredentials } from '@backstage/backend-test-utils';
import {
  mlflowExperimentCreatePermission,
  mlflowModelCreatePermission,
} from '@mlops-portal/plugin-mlflow-common';
import {
  FakeMlflow,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import { createFakeActions } from '../__testUtils__/testActions';

// Both actions create upstream objects that nobody owns yet, so a basic permission each decides,
// checked with the task initiator's credentials, and every create is audited.
const cases = [
  {
    action: 'createExperiment',
    permission: mlflowExperimentCreatePermission,
    eventId: 'mlflow-experiment-create',
    input: { name: 'churn-v2', tags: { team: 'customer-insights' } },
    subject: "MLflow experiment 'churn-v2'",
    meta: { experiment: 'churn-v2', tags: { team: 'customer-insights' } },
    stored: (fake: FakeMlflow) =>
      fake.data.experiments.find(e => e.name === 'churn-v2')?.experiment_id,
    addExisting: (fake: FakeMlflow) =>
      fake.addExperiment('churn-v2').experiment_id,
  },
  {
    action: 'registerModel',
    permission: mlflowModelCreatePermission,
    eventId: 'mlflow-model-create',
    input: { name: 'churn-v2', owner: 'customer-insights' },
    subject: "MLflow registered model 'churn-v2'",
    meta: { model: 'churn-v2', tags: { owner: 'customer-insights' } },
    stored: (fake: FakeMlflow) =>
      fake.data.models.find(m => m.name === 'churn-v2')?.name,
    addExisting: (fake: FakeMlflow) =>
      fake.addModel(registeredModel('churn-v2')).name,
  },
] as const;

describe.each(cases)('who may $action', testCase => {
  const { permission, eventId, input, subject } = testCase;
  const setup = (deny: string[] = []) => {
    const actions = createFakeActions(['prod'], { deny });
    return { ...actions, action: actions[testCase.action] };
  };

  it('refuses a create without the permission: NotAllowedError, no write, a failed audit event', async () => {
    const { action, fake, audit } = setup([permission.name]);

    await expect(
      action.handler(createTestContext(input).ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `Not allowed to create ${subject} on instance 'prod' (${permission.name})`,
    });

    expect(fake.writes).toEqual([]);
    expect(testCase.stored(fake)).toBeUndefined();
    expect(audit).toEqual([
      expect.objectContaining({ eventId, status: 'initiated' }),
      expect.objectContaining({
        eventId,
        status: 'failed',
        meta: expect.objectContaining({
          actor: { userEntityRef: 'user:default/mock' },
          instance: 'prod',
        }),
        error: `Not allowed to create ${subject} on instance 'prod' (${permission.name})`,
      }),
    ]);
  });

  it("asks with the initiator's credentials and audits who created what, before → after", async () => {
    const { action, fake, audit, permissions } = setup();

    await action.handler(createTestContext(input).ctx);

    expect(permissions.authorize).toHaveBeenCalledWith([{ permission }], {
      credentials: mockCredentials.user(),
    });
    const after = testCase.stored(fake);
    expect(after).toBeDefined();
    const meta = {
      actor: { userEntityRef: 'user:default/mock' },
      instance: 'prod',
      task: 'mock-task-id',
      ...testCase.meta,
    };
    expect(audit).toEqual([
      { eventId, status: 'initiated', meta },
      {
        eventId,
        status: 'succeeded',
        meta: {
          ...meta,
          authority: permission.name,
          before: null,
          after,
          created: true,
        },
      },
    ]);
  });

  it('reuses an existing object without asking for the permission or auditing', async () => {
    const { action, fake, audit, permissions } = setup([permission.name]);
    testCase.addExisting(fake);
    const { ctx, outputs } = createTestContext(input);

    await action.handler(ctx);

    expect(outputs.created).toBe(false);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(audit).toEqual([]);
    expect(fake.writes).toEqual([]);
  });

  it('audits a create that lost a race as a success that changed nothing', async () => {
    const { action, fake, audit } = setup();
    fake.raceNextCreate = true;

    await action.handler(createTestContext(input).ctx);

    const winner = testCase.stored(fake);
    expect(audit).toEqual([
      expect.objectContaining({ status: 'initiated' }),
      expect.objectContaining({
        status: 'succeeded',
        meta: expect.objectContaining({
          before: winner,
          after: winner,
          created: false,
        }),
      }),
    ]);
  });

  it('neither asks nor audits again when a retried task replays the checkpoint', async () => {
    const { action, audit, permissions } = setup();
    const checkpoints = createCheckpointStore();
    await action.handler(createTestContext(input, { checkpoints }).ctx);

    await action.handler(createTestContext(input, { checkpoints }).ctx);

    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    // One event: its start and its success.
    expect(audit.map(record => record.status)).toEqual([
      'initiated',
      'succeeded',
    ]);
  });

  it('fails a dry run as the real run would fail, without a write or an audit event', async () => {
    const { action, fake, audit } = setup([permission.name]);
    const dryRun = createTestContext(input, { isDryRun: true });

    await expect(action.handler(dryRun.ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(permission.name),
    });

    expect(fake.writes).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('says in a dry run that the real run would be allowed, without a write or an audit event', async () => {
    const { action, fake, audit, permissions } = setup();
    const dryRun = createTestContext(input, { isDryRun: true });

    await action.handler(dryRun.ctx);

    expect(dryRun.logger.info).toHaveBeenCalledWith(
      `Dry run: would create ${subject} on instance 'prod' (allowed: ${permission.name})`,
    );
    expect(permissions.authorize).toHaveBeenCalledWith([{ permission }], {
      credentials: mockCredentials.user(),
    });
    expect(fake.writes).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('passes a dry run that would reuse, whatever the permission', async () => {
    const { action, fake } = setup([permission.name]);
    testCase.addExisting(fake);
    const dryRun = createTestContext(input, { isDryRun: true });

    await action.handler(dryRun.ctx);

    expect(dryRun.outputs.created).toBe(false);
  });
});
