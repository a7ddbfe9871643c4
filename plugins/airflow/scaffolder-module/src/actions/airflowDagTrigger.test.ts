import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import { createFakeActions } from '../__testUtils__/testActions';

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

    expect(fake.triggers).toEqual([
      {
        dagId: 'fraud_detection_training',
        conf: { lookback_days: 30, model_name: 'fraud-detector' },
        note: 'Triggered from Backstage by user:default/mock: Retrain after the label fix',
        logicalDate: '2026-11-01T02:00:00+01:00',
        runId: undefined,
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
    expect(fake.writes).toEqual(['triggerDagRun']);
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

    expect(fake.triggers).toEqual([
      expect.objectContaining({
        note: 'Triggered from Backstage by user:default/mock',
        logicalDate: undefined,
        conf: undefined,
      }),
      expect.objectContaining({ logicalDate: null }),
    ]);
  });

  it('cuts a note to the 1,000 characters Airflow stores', async () => {
    const { action, fake } = setup();

    await action.handler(
      createTestContext({
        dagId: 'fraud_detection_training',
        note: 'x'.repeat(2000),
      }).ctx,
    );

    const [{ note }] = fake.triggers;
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

    expect(fakes.get('prod')!.calls).toEqual([]);
    expect(fakes.get('research')!.writes).toEqual(['triggerDagRun']);
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

    expect(fake.writes).toEqual([]);
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

    expect(fake.writes).toEqual(['triggerDagRun']);
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

    expect(fake.writes).toEqual(['triggerDagRun']);
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

    expect(fake.triggers.map(trigger => trigger.conf)).toEqual([
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
    expect(fake.writes).toEqual([]);
  });

  describe('refuses input before any request', () => {
    it.each([
      [
        'an empty dag id',
        { dagId: '' },
        /dagId must be the id of an Airflow DAG/,
      ],
      ['a dag id that is no string', { dagId: 42 }, /dagId must be the id/],
      [
        'a dag id with a space',
        { dagId: 'fraud detection' },
        /dagId "fraud detection" is not an Airflow DAG id/,
      ],
      [
        'a dag id with a slash',
        { dagId: 'team/train' },
        /not an Airflow DAG id/,
      ],
      [
        'a dag id longer than 250 characters',
        { dagId: 'd'.repeat(251) },
        /at most 250 characters/,
      ],
      [
        'several dag ids',
        { dagId: 'train_model,refresh_features' },
        /must name one DAG/,
      ],
      [
        'conf that is an array',
        { conf: [1, 2] },
        /conf must be a JSON object of the run's parameters, got an array/,
      ],
      [
        'conf that is JSON text',
        { conf: '{"a": 1}' },
        /got a string; give the object itself, not its JSON text/,
      ],
      ['conf that is a number', { conf: 3 }, /got a number/],
      [
        'a logical date that is no date',
        { logicalDate: 'tomorrow' },
        /logicalDate must be an ISO 8601 date-time with an offset/,
      ],
      [
        'a logical date without an offset',
        { logicalDate: '2026-11-01T02:00:00' },
        /logicalDate must be an ISO 8601/,
      ],
      [
        'a logical date on a day that does not exist',
        { logicalDate: '2026-02-30T02:00:00Z' },
        /logicalDate must be an ISO 8601/,
      ],
      [
        'a logical date that is a number',
        { logicalDate: 1 },
        /logicalDate must be a string/,
      ],
      [
        'a run id with a space',
        { runId: 'first run' },
        /runId "first run" is not an Airflow run id/,
      ],
      ['a note that is no string', { note: 5 }, /note must be a string/],
      [
        'wait that is no boolean',
        { wait: 'yes' },
        /wait must be true or false/,
      ],
      [
        'a timeout of 0',
        { timeoutSeconds: 0 },
        /timeoutSeconds must be a number of seconds from 1 to 21600, got 0/,
      ],
      [
        'a timeout beyond six hours',
        { timeoutSeconds: 21601 },
        /timeoutSeconds must be a number of seconds from 1 to 21600/,
      ],
      ['a timeout as text', { timeoutSeconds: '600' }, /timeoutSeconds/],
      [
        'a poll interval under a second',
        { pollIntervalSeconds: 0.5 },
        /pollIntervalSeconds must be a number of seconds from 1 to 300/,
      ],
      ['an unknown instance', { instance: 'staging' }, /staging/],
    ])('%s', async (_, input, message) => {
      const { action, fakes } = setup();

      await expect(
        action.handler(
          createTestContext({ dagId: 'fraud_detection_training', ...input })
            .ctx,
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect([...fakes.values()].flatMap(fake => fake.calls)).toEqual([]);
    });
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

      expect(fake.writes).toEqual([]);
      expect(fake.calls).not.toContain('getDagRun');
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

      expect(fake.writes).toEqual([]);
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
