import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import {
  createFakeActions,
  runReads,
  triggersOf,
  writesTo,
} from '../__testUtils__/testActions';

const RUN_URL =
  'https://prod.upstream.example.com/ui/dags/fraud_detection_training/runs';

describe('airflow:dag:trigger', () => {
  const setup = () => {
    const actions = createFakeActions(['prod', 'research']);
    return { ...actions, action: actions.trigger };
  };

  it('describes its input and output as JSON schema for the template editor', () => {
    const { action } = setup();

    expect(action.id).toBe('airflow:dag:trigger');
    expect(action.supportsDryRun).toBe(true);
    expect(action.examples?.length).toBeGreaterThanOrEqual(3);
    expect(action.schema?.input).toMatchObject({
      type: 'object',
      required: ['dagId'],
      properties: {
        dagId: {
          type: 'string',
          minLength: 1,
          description: expect.any(String),
        },
        instance: { type: 'string', description: expect.any(String) },
        conf: { type: 'object', description: expect.any(String) },
        note: { type: 'string' },
        runId: { type: 'string' },
        wait: { type: 'boolean' },
        timeoutSeconds: { type: 'number', minimum: 1, maximum: 21600 },
        pollIntervalSeconds: { type: 'number', minimum: 1, maximum: 300 },
      },
    });
    expect((action.schema?.input as any).properties.logicalDate).toMatchObject({
      type: ['string', 'null'],
    });
    expect(action.schema?.output).toMatchObject({
      required: ['runId', 'state', 'triggered', 'url', 'instance'],
    });
  });

  it('triggers a run with conf, note and logical date, the initiator in its note', async () => {
    const { action, fake } = setup();
    const { ctx, logger, outputs } = createTestContext({
      dagId: 'fraud_detection_training',
      conf: { lookback_days: 30, model_name: 'fraud-detector' },
      note: 'Retrain after the label fix',
      logicalDate: '2026-11-01T02:00:00+01:00',
    });

    await action.handler(ctx);

    // The client sends the logical date as the instant in UTC.
    expect(triggersOf(fake)).toEqual([
      {
        dagId: 'fraud_detection_training',
        body: {
          conf: { lookback_days: 30, model_name: 'fraud-detector' },
          note: 'Triggered from Backstage by user:default/mock: Retrain after the label fix',
          logical_date: '2026-11-01T01:00:00.000Z',
        },
      },
    ]);
    expect(outputs).toEqual({
      runId: 'manual__1',
      state: 'queued',
      triggered: true,
      url: `${RUN_URL}/manual__1`,
      instance: 'prod',
    });
    expect(logger.info).toHaveBeenCalledWith(
      "Triggered Airflow DAG 'fraud_detection_training' on instance 'prod': run 'manual__1' (queued) with conf keys lookback_days, model_name, logical date 2026-11-01T02:00:00+01:00, note 'Triggered from Backstage by user:default/mock: Retrain after the label fix'",
    );
    expect(writesTo(fake)).toEqual([
      'POST /dags/fraud_detection_training/dagRuns',
    ]);
  });

  it('notes only who triggered it when there is no note, and lets Airflow choose the logical date', async () => {
    const { action, fake } = setup();

    await action.handler(
      createTestContext({
        dagId: 'fraud_detection_training',
        note: '',
        logicalDate: '',
      }).ctx,
    );
    await action.handler(
      createTestContext({
        dagId: 'fraud_detection_training',
        logicalDate: null,
      }).ctx,
    );

    // No conf, and no logical date: Airflow 3 is told so with null.
    const body = {
      note: 'Triggered from Backstage by user:default/mock',
      logical_date: null,
    };
    expect(triggersOf(fake).map(trigger => trigger.body)).toEqual([body, body]);
  });

  it('cuts a note to the 1,000 characters Airflow stores', async () => {
    const { action, fake } = setup();

    await action.handler(
      createTestContext({
        dagId: 'fraud_detection_training',
        note: 'x'.repeat(2000),
      }).ctx,
    );

    const [{ body }] = triggersOf(fake);
    const note = body.note as string;
    expect(note).toHaveLength(1000);
    expect(note).toMatch(
      /^Triggered from Backstage by user:default\/mock: x+…$/,
    );
  });

  it('triggers on the named instance only, linking into its UI (Airflow 2 here)', async () => {
    const { action, fakes } = setup();
    const { ctx, outputs } = createTestContext({
      dagId: 'fraud_detection_training',
      instance: 'research',
      runId: 'manual__2026-11-01T02:00:00+00:00',
    });

    await action.handler(ctx);

    expect(fakes.get('prod')!.requests).toEqual([]);
    expect(writesTo(fakes.get('research')!)).toEqual([
      'POST /dags/fraud_detection_training/dagRuns',
    ]);
    expect(outputs).toMatchObject({
      runId: 'manual__2026-11-01T02:00:00+00:00',
      instance: 'research',
      url: 'https://research.upstream.example.com/ui/dags/fraud_detection_training/grid?dag_run_id=manual__2026-11-01T02%3A00%3A00%2B00%3A00',
    });
  });

  it('answers the existing run of the given runId without triggering again, and says so', async () => {
    const { action, fake, permissions, audit } = setup();
    fake.addRun('fraud_detection_training', 'initial-training', 'running');
    const { ctx, logger, outputs } = createTestContext({
      dagId: 'fraud_detection_training',
      runId: 'initial-training',
      conf: { ignored: true },
    });

    await action.handler(ctx);

    expect(writesTo(fake)).toEqual([]);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(audit).toEqual([]);
    expect(outputs).toEqual({
      runId: 'initial-training',
      state: 'running',
      triggered: false,
      url: `${RUN_URL}/initial-training`,
      instance: 'prod',
    });
    expect(logger.info).toHaveBeenCalledWith(
      "Airflow DAG run 'initial-training' of Airflow DAG 'fraud_detection_training' on instance 'prod' already exists (running); it was not triggered again",
    );
  });

  it('triggers the run of a given runId that does not exist yet, once', async () => {
    const { action, fake } = setup();
    const input = { dagId: 'fraud_detection_training', runId: 'first-run' };

    const first = createTestContext(input);
    await action.handler(first.ctx);
    const second = createTestContext(input);
    await action.handler(second.ctx);

    expect(writesTo(fake)).toEqual([
      'POST /dags/fraud_detection_training/dagRuns',
    ]);
    expect(first.outputs).toMatchObject({
      runId: 'first-run',
      triggered: true,
    });
    expect(second.outputs).toMatchObject({
      runId: 'first-run',
      triggered: false,
    });
  });

  it('answers the run a concurrent trigger of the same runId made first', async () => {
    const { action, fake, audit } = setup();
    fake.raceNextTrigger = true;
    const { ctx, outputs } = createTestContext({
      dagId: 'fraud_detection_training',
      runId: 'first-run',
    });

    await action.handler(ctx);

    expect(outputs).toMatchObject({
      runId: 'first-run',
      triggered: false,
      state: 'running',
    });
    expect(audit[1]).toMatchObject({
      status: 'succeeded',
      meta: {
        before: { runId: 'first-run', state: 'running' },
        after: { runId: 'first-run', state: 'running' },
        triggered: false,
      },
    });
  });

  it('does not trigger again when a retried task replays the checkpoint', async () => {
    const { action, fake } = setup();
    const checkpoints = createCheckpointStore();
    const input = { dagId: 'fraud_detection_training' };
    const first = createTestContext(input, { checkpoints });
    await action.handler(first.ctx);

    const retry = createTestContext(input, { checkpoints });
    await action.handler(retry.ctx);

    expect(writesTo(fake)).toEqual([
      'POST /dags/fraud_detection_training/dagRuns',
    ]);
    expect(retry.outputs).toEqual(first.outputs);
  });

  it('triggers once per iteration of a step with `each`', async () => {
    const { action, fake } = setup();
    const checkpoints = createCheckpointStore();

    for (const value of ['fraud', 'churn']) {
      await action.handler(
        createTestContext(
          { dagId: 'fraud_detection_training', conf: { team: value } },
          { checkpoints, each: { key: value, value } },
        ).ctx,
      );
    }
    await action.handler(
      createTestContext(
        { dagId: 'fraud_detection_training', conf: { team: 'fraud' } },
        { checkpoints, each: { key: 'fraud', value: 'fraud' } },
      ).ctx,
    );

    expect(triggersOf(fake).map(trigger => trigger.body.conf)).toEqual([
      { team: 'fraud' },
      { team: 'churn' },
    ]);
  });

  it('warns that the run of a paused DAG stays queued', async () => {
    const { action } = setup();
    const { ctx, logger } = createTestContext({
      dagId: 'demand_forecast_batch',
    });

    await action.handler(ctx);

    expect(logger.warn).toHaveBeenCalledWith(
      "Airflow DAG 'demand_forecast_batch' on instance 'prod' is paused: a triggered run stays queued until the DAG is unpaused (airflow:dag:unpause)",
    );
  });

  it('fails with NotFoundError for a DAG Airflow does not have, writing nothing', async () => {
    const { action, fake } = setup();

    await expect(
      action.handler(createTestContext({ dagId: 'no_such_dag' }).ctx),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(writesTo(fake)).toEqual([]);
  });

  describe('in a dry run', () => {
    it('triggers nothing and answers a placeholder marked dry-run', async () => {
      const { action, fake, audit } = setup();
      const { ctx, logger, outputs } = createTestContext(
        {
          dagId: 'fraud_detection_training',
          conf: { lookback_days: 30 },
          note: 'Retrain',
          wait: true,
        },
        { isDryRun: true },
      );

      await action.handler(ctx);

      expect(writesTo(fake)).toEqual([]);
      expect(runReads(fake)).toBe(0);
      expect(audit).toEqual([]);
      expect(outputs).toEqual({
        runId: 'dry-run',
        state: 'queued',
        triggered: true,
        url: `${RUN_URL}/dry-run`,
        instance: 'prod',
      });
      expect(logger.info).toHaveBeenCalledWith(
        "Dry run: would trigger Airflow DAG 'fraud_detection_training' on instance 'prod' (allowed: resource:default/fraud_detection_training) with conf keys lookback_days, note 'Triggered from Backstage by user:default/mock: Retrain'",
      );
      expect(logger.info).toHaveBeenCalledWith(
        'Dry run: would wait up to 600 s for the run to finish',
      );
    });

    it('answers the existing run of the given runId', async () => {
      const { action, fake } = setup();
      fake.addRun('fraud_detection_training', 'first-run', 'success');
      const { ctx, logger, outputs } = createTestContext(
        { dagId: 'fraud_detection_training', runId: 'first-run' },
        { isDryRun: true },
      );

      await action.handler(ctx);

      expect(writesTo(fake)).toEqual([]);
      expect(outputs).toMatchObject({
        runId: 'first-run',
        state: 'success',
        triggered: false,
      });
      expect(logger.info).toHaveBeenCalledWith(
        "Dry run: Airflow DAG run 'first-run' of Airflow DAG 'fraud_detection_training' on instance 'prod' already exists (success); it was not triggered again",
      );
    });

    it('fails for a DAG Airflow does not have, as the real run would', async () => {
      const { action } = setup();

      await expect(
        action.handler(
          createTestContext({ dagId: 'no_such_dag' }, { isDryRun: true }).ctx,
        ),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });
});
