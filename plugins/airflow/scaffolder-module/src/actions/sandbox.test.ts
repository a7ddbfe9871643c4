import { createTestContext } from '../__testUtils__/actionContext';
import { useSandboxAirflowInstances } from '../__testUtils__/sandbox';
import { createTestActions } from '../__testUtils__/testActions';

// The real AirflowClient against the sandbox's Airflow 3 (API v2, `prod`) and Airflow 2
// (API v1, `research`) mounts, which share one state. Its scheduler moves a triggered run from
// queued to running to success as the run is read.
describe.each([
  ['Airflow 3', 'prod', 'v2'],
  ['Airflow 2', 'research', 'v1'],
] as const)('the actions against the sandbox (%s)', (_, instance, api) => {
  const { state, createClients, writes, requests } =
    useSandboxAirflowInstances();
  const actions = (options?: Parameters<typeof createTestActions>[1]) =>
    createTestActions(createClients(), options);
  const ui =
    api === 'v2'
      ? 'https://airflow.example.com'
      : 'https://airflow2.example.com';
  const runUrl = (dagId: string, runId: string) =>
    api === 'v2'
      ? `${ui}/dags/${dagId}/runs/${encodeURIComponent(runId)}`
      : `${ui}/dags/${dagId}/grid?dag_run_id=${encodeURIComponent(runId)}`;
  const triggerPath = `POST /api/${api}/dags/{dag_id}/dagRuns`;

  it('triggers a run that Airflow then has, with its conf and the initiator in its note', async () => {
    const { trigger, audit } = actions();
    const { ctx, outputs } = createTestContext({
      dagId: 'fraud_detection_training',
      instance,
      conf: { lookback_days: 30, model_name: 'fraud-detector' },
      note: 'Retrain after the label fix',
    });

    await trigger.handler(ctx);

    const run = state()
      .runsOf('fraud_detection_training')
      .find(candidate => candidate.runId === outputs.runId);
    expect(run).toMatchObject({
      runType: 'manual',
      conf: { lookback_days: 30, model_name: 'fraud-detector' },
      note: 'Triggered from Backstage by user:default/mock: Retrain after the label fix',
    });
    expect(outputs).toEqual({
      runId: run!.runId,
      state: 'queued',
      triggered: true,
      url: runUrl('fraud_detection_training', run!.runId),
      instance,
    });
    expect(writes()).toEqual({ [triggerPath]: 1 });
    expect(audit.map(record => record.status)).toEqual([
      'initiated',
      'succeeded',
    ]);
  });

  it('waits for the run: queued → running → success, each state in the task log', async () => {
    const { trigger } = actions();
    const { ctx, logger, outputs } = createTestContext({
      dagId: 'churn_model_retrain',
      instance,
      runId: 'backstage-initial-training',
      wait: true,
      pollIntervalSeconds: 1,
    });

    await trigger.handler(ctx);

    expect(outputs).toMatchObject({
      runId: 'backstage-initial-training',
      state: 'success',
      triggered: true,
    });
    const run = `Airflow DAG run 'backstage-initial-training' of DAG 'churn_model_retrain' on instance '${instance}'`;
    expect(logger.info).toHaveBeenCalledWith(`${run} is running (was queued)`);
    expect(logger.info).toHaveBeenCalledWith(`${run} is success (was running)`);
    expect(
      state().requireRun('churn_model_retrain', 'backstage-initial-training')
        .state,
    ).toBe('success');
    expect(writes()).toEqual({ [triggerPath]: 1 });
  });

  it('sees the run finish with a 5 s cacheTtl on the same clock: its polls read past the cache', async () => {
    let clock = () => 0;
    const cached = createTestActions(
      createClients({ cacheTtl: 5000, now: () => clock() }),
    );
    clock = cached.time.now;
    const { ctx, logger, outputs } = createTestContext({
      dagId: 'fraud_detection_training',
      instance,
      wait: true,
      timeoutSeconds: 120,
      pollIntervalSeconds: 5,
    });

    await cached.trigger.handler(ctx);

    expect(outputs.state).toBe('success');
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/is running \(was queued\)$/),
    );
  });

  it("answers the story's failed run of a runId without triggering, and fails waiting for it", async () => {
    const failed = state()
      .runsOf('churn_model_retrain')
      .find(run => run.state === 'failed')!;
    const { trigger, audit } = actions();
    const input = {
      dagId: 'churn_model_retrain',
      instance,
      runId: failed.runId,
    };

    const found = createTestContext(input);
    await trigger.handler(found.ctx);
    await expect(
      trigger.handler(createTestContext({ ...input, wait: true }).ctx),
    ).rejects.toThrow(
      `Airflow DAG run '${
        failed.runId
      }' of DAG 'churn_model_retrain' on instance '${instance}' failed; see its task logs in Airflow: ${runUrl(
        'churn_model_retrain',
        failed.runId,
      )}`,
    );

    expect(found.outputs).toMatchObject({
      runId: failed.runId,
      state: 'failed',
      triggered: false,
    });
    expect(writes()).toEqual({});
    expect(audit).toEqual([]);
  });

  it('unpauses the paused DAG of the story once, and leaves it alone the next time', async () => {
    const { unpause, audit } = actions();
    const input = { dagId: 'demand_forecast_batch', instance };

    const first = createTestContext(input);
    await unpause.handler(first.ctx);
    const second = createTestContext(input);
    await unpause.handler(second.ctx);

    expect(state().dags.get('demand_forecast_batch')!.isPaused).toBe(false);
    expect(first.outputs).toEqual({
      dagId: 'demand_forecast_batch',
      isPaused: false,
      changed: true,
      url:
        api === 'v2'
          ? `${ui}/dags/demand_forecast_batch`
          : `${ui}/dags/demand_forecast_batch/grid`,
      instance,
    });
    expect(second.outputs).toEqual({ ...first.outputs, changed: false });
    expect(writes()).toEqual({ [`PATCH /api/${api}/dags/{dag_id}`]: 1 });
    expect(audit.map(record => record.status)).toEqual([
      'initiated',
      'succeeded',
    ]);
  });

  it('writes nothing in a dry run', async () => {
    const { trigger, unpause } = actions();
    const triggered = createTestContext(
      { dagId: 'fraud_detection_training', instance, wait: true },
      { isDryRun: true },
    );
    const unpaused = createTestContext(
      { dagId: 'demand_forecast_batch', instance },
      { isDryRun: true },
    );

    await trigger.handler(triggered.ctx);
    await unpause.handler(unpaused.ctx);

    expect(writes()).toEqual({});
    expect(state().dags.get('demand_forecast_batch')!.isPaused).toBe(true);
    expect(triggered.outputs).toMatchObject({
      runId: 'dry-run',
      triggered: true,
    });
    expect(unpaused.outputs).toMatchObject({ changed: true });
  });

  it('sends no write when the initiator may not write', async () => {
    const { trigger, unpause, audit } = actions({
      deny: ['airflow.dag.trigger', 'airflow.dag.pause'],
    });

    await expect(
      trigger.handler(
        createTestContext({ dagId: 'fraud_detection_training', instance }).ctx,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      unpause.handler(
        createTestContext({ dagId: 'demand_forecast_batch', instance }).ctx,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });

    expect(writes()).toEqual({});
    expect(audit.map(record => [record.eventId, record.status])).toEqual([
      ['airflow-dag-trigger', 'initiated'],
      ['airflow-dag-trigger', 'failed'],
      ['airflow-dag-pause', 'initiated'],
      ['airflow-dag-pause', 'failed'],
    ]);
  });

  it('sends no request at all for input it refuses', async () => {
    const { trigger, unpause } = actions();

    for (const input of [
      { dagId: 'fraud detection' },
      { dagId: 'fraud_detection_training', conf: ['not', 'an', 'object'] },
      { dagId: 'fraud_detection_training', logicalDate: '01/11/2026' },
      { dagId: 'fraud_detection_training', instance: 'staging' },
    ]) {
      await expect(
        trigger.handler(createTestContext({ instance, ...input }).ctx),
      ).rejects.toMatchObject({ name: 'InputError' });
    }
    await expect(
      unpause.handler(
        createTestContext({ dagId: 'demand/forecast', instance }).ctx,
      ),
    ).rejects.toMatchObject({ name: 'InputError' });

    expect(requests()).toBe(0);
  });

  it('fails with NotFoundError for a DAG Airflow does not have, writing nothing', async () => {
    const { trigger } = actions();

    await expect(
      trigger.handler(
        createTestContext({ dagId: 'no_such_dag', instance }).ctx,
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(writes()).toEqual({});
  });
});
