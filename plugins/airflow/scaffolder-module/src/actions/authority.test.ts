import { mockCredentials } from '@backstage/backend-test-utils';
import {
  airflowDagPausePermission,
  airflowDagTriggerPermission,
} from '@mlops-portal/plugin-airflow-common';
import { airflowDagLocator } from '@mlops-portal/plugin-airflow-node';
import { FakeAirflow } from '@mlops-portal/plugin-airflow-node/testUtils';
import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import {
  createFakeActions,
  ingestedDagEntity,
  TestActionsOptions,
  writesTo,
} from '../__testUtils__/testActions';

// Both actions change a DAG that exists: the permission is checked against the DAG's
// `airflow-dag` Resource as the Airflow provider ingested it, with the task initiator's
// credentials, and every write is audited.
const cases = [
  {
    action: 'trigger',
    permission: airflowDagTriggerPermission,
    eventId: 'airflow-dag-trigger',
    dagId: 'fraud_detection_training',
    input: {
      dagId: 'fraud_detection_training',
      conf: { lookback_days: 30, api_token: 'not for the audit log' },
    },
    meta: {
      dagId: 'fraud_detection_training',
      confKeys: ['lookback_days', 'api_token'],
      logicalDate: null,
      note: 'Triggered from Backstage by user:default/mock',
    },
    change: {
      before: null,
      after: { runId: 'manual__1', state: 'queued' },
      triggered: true,
    },
    write: 'POST /dags/fraud_detection_training/dagRuns',
    // A run of the given runId exists: nothing to trigger.
    noop: (fake: FakeAirflow) => {
      fake.addRun('fraud_detection_training', 'first-run', 'success');
      return { runId: 'first-run' };
    },
  },
  {
    action: 'unpause',
    permission: airflowDagPausePermission,
    eventId: 'airflow-dag-pause',
    dagId: 'demand_forecast_batch',
    input: { dagId: 'demand_forecast_batch' },
    meta: { dagId: 'demand_forecast_batch', isPaused: false },
    change: { before: { isPaused: true }, after: { isPaused: false } },
    write: 'PATCH /dags/demand_forecast_batch',
    // The DAG is not paused: nothing to unpause.
    noop: (fake: FakeAirflow) => {
      fake.dag('demand_forecast_batch')!.is_paused = false;
      return {};
    },
  },
] as const;

describe.each(cases)('who may $action', testCase => {
  const { permission, eventId, input, dagId } = testCase;
  const entityRef = `resource:default/${dagId}`;
  const setup = (options: TestActionsOptions = {}) => {
    const actions = createFakeActions(['prod', 'research'], options);
    return { ...actions, action: actions[testCase.action] };
  };

  it('refuses without the permission on the ingested entity: NotAllowedError, no write, a failed audit event', async () => {
    const { action, fake, audit } = setup({ deny: [permission.name] });

    const message = `Not allowed to ${permission.name} on Airflow DAG '${dagId}' on instance 'prod': it is owned by 'group:default/ml-platform', the owner of '${entityRef}', which the Airflow catalog provider ingested for it`;
    await expect(
      action.handler(createTestContext(input).ctx),
    ).rejects.toMatchObject({ name: 'NotAllowedError', message });

    expect(writesTo(fake)).toEqual([]);
    expect(audit).toEqual([
      expect.objectContaining({ eventId, status: 'initiated' }),
      expect.objectContaining({
        eventId,
        status: 'failed',
        meta: expect.objectContaining({
          actor: { userEntityRef: 'user:default/mock' },
          instance: 'prod',
          dagId,
        }),
        error: message,
      }),
    ]);
  });

  it("asks with the initiator's credentials on the ingested entity and audits who changed what, before → after", async () => {
    const { action, fake, audit, permissions } = setup();

    await action.handler(createTestContext(input).ctx);

    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission, resourceRef: entityRef }],
      { credentials: mockCredentials.user() },
    );
    expect(writesTo(fake)).toEqual([testCase.write]);
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
        meta: { ...meta, authority: entityRef, ...testCase.change },
      },
    ]);
  });

  it("asks against the instance's own entity of the DAG on another instance", async () => {
    const { action, clients, fakes, permissions } = setup();

    await action.handler(
      createTestContext({ ...input, instance: 'research' }).ctx,
    );

    const { entityRef: researchRef } = airflowDagLocator(
      clients.instances,
      'research',
      dagId,
    );
    expect(researchRef).not.toBe(entityRef);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission, resourceRef: researchRef }],
      expect.anything(),
    );
    expect(writesTo(fakes.get('research')!)).toEqual([testCase.write]);
  });

  it('gives no authority to entities that merely name the DAG: only admins may then write', async () => {
    // The user owns a Component annotated with the DAG, and registered a Resource under the
    // ingested entity's name from their own repository.
    const impostor = ingestedDagEntity(
      [{ name: 'prod' }],
      'prod',
      dagId,
      'user:default/mock',
    );
    impostor.metadata.annotations = {
      ...impostor.metadata.annotations,
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/dags/blob/main/catalog-info.yaml',
      'backstage.io/managed-by-origin-location':
        'url:https://github.com/acme/dags/blob/main/catalog-info.yaml',
    };
    const component = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'my-project',
        annotations: { 'airflow.apache.org/dag-id': dagId },
      },
      spec: { type: 'service', owner: 'user:default/mock', lifecycle: 'x' },
    };
    const { action, fake, permissions } = setup({
      entities: [impostor, component],
      deny: ['mlops.unmanaged-object.write'],
    });

    await expect(
      action.handler(createTestContext(input).ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        new RegExp(
          `^Not allowed to ${permission.name} on Airflow DAG '${dagId}' on instance 'prod': only admins may change it, because '${entityRef}' was not ingested by the Airflow catalog provider`,
        ),
      ),
    });
    expect(writesTo(fake)).toEqual([]);
    // The impostor's owner was never asked about.
    expect(permissions.authorize).not.toHaveBeenCalledWith(
      [expect.objectContaining({ permission })],
      expect.anything(),
    );
  });

  it('lets admins write a DAG that has no ingested entity, and records so', async () => {
    const { action, fake, audit } = setup({ entities: [] });

    await action.handler(createTestContext(input).ctx);

    expect(writesTo(fake)).toEqual([testCase.write]);
    expect(audit[1].meta).toMatchObject({
      authority: 'admins (no ingested entity)',
    });
  });

  it('neither asks nor audits when there is nothing to write', async () => {
    const { action, fake, audit, permissions } = setup({
      deny: [permission.name],
    });
    const extra = testCase.noop(fake);

    await action.handler(createTestContext({ ...input, ...extra }).ctx);

    expect(writesTo(fake)).toEqual([]);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(audit).toEqual([]);
  });

  it('neither asks nor audits again when a retried task replays the checkpoint', async () => {
    const { action, audit, permissions } = setup();
    const checkpoints = createCheckpointStore();
    await action.handler(createTestContext(input, { checkpoints }).ctx);

    await action.handler(createTestContext(input, { checkpoints }).ctx);

    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(audit.map(record => record.status)).toEqual([
      'initiated',
      'succeeded',
    ]);
  });

  it('fails a dry run as the real run would fail, without a write or an audit event', async () => {
    const { action, fake, audit } = setup({ deny: [permission.name] });

    await expect(
      action.handler(createTestContext(input, { isDryRun: true }).ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(permission.name),
    });
    expect(writesTo(fake)).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('says in a dry run that the real run would be allowed, without a write or an audit event', async () => {
    const { action, fake, audit, permissions } = setup();
    const dryRun = createTestContext(input, { isDryRun: true });

    await action.handler(dryRun.ctx);

    expect(dryRun.logger.info).toHaveBeenCalledWith(
      expect.stringContaining(`(allowed: ${entityRef})`),
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission, resourceRef: entityRef }],
      { credentials: mockCredentials.user() },
    );
    expect(writesTo(fake)).toEqual([]);
    expect(audit).toEqual([]);
  });
});
