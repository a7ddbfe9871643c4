import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import { createFakeActions, writesTo } from '../__testUtils__/testActions';

describe('airflow:dag:unpause', () => {
  const setup = () => {
    const actions = createFakeActions(['prod', 'research']);
    return { ...actions, action: actions.unpause };
  };

  it('describes its input and output as JSON schema for the template editor', () => {
    const { action } = setup();

    expect(action.id).toBe('airflow:dag:unpause');
    expect(action.supportsDryRun).toBe(true);
    expect(action.examples?.length).toBeGreaterThanOrEqual(3);
    expect(action.schema?.input).toMatchObject({
      type: 'object',
      required: ['dagId'],
      properties: {
        dagId: { type: 'string', minLength: 1 },
        instance: { type: 'string' },
      },
    });
    expect(action.schema?.output).toMatchObject({
      required: ['dagId', 'isPaused', 'changed', 'url', 'instance'],
    });
  });

  it('unpauses a paused DAG and links to it', async () => {
    const { action, fake } = setup();
    const { ctx, logger, outputs } = createTestContext({
      dagId: 'demand_forecast_batch',
    });

    await action.handler(ctx);

    expect(fake.dag('demand_forecast_batch')?.is_paused).toBe(false);
    expect(writesTo(fake)).toEqual(['PATCH /dags/demand_forecast_batch']);
    expect(outputs).toEqual({
      dagId: 'demand_forecast_batch',
      isPaused: false,
      changed: true,
      url: 'https://prod.upstream.example.com/ui/dags/demand_forecast_batch',
      instance: 'prod',
    });
    expect(logger.info).toHaveBeenCalledWith(
      "Unpaused Airflow DAG 'demand_forecast_batch' on instance 'prod': its scheduler now runs it on its schedule",
    );
  });

  it('leaves a DAG that is not paused as it is, and says so', async () => {
    const { action, fake, permissions, audit } = setup();
    const { ctx, logger, outputs } = createTestContext({
      dagId: 'fraud_detection_training',
    });

    await action.handler(ctx);

    expect(writesTo(fake)).toEqual([]);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(audit).toEqual([]);
    expect(outputs).toMatchObject({ isPaused: false, changed: false });
    expect(logger.info).toHaveBeenCalledWith(
      "Airflow DAG 'fraud_detection_training' on instance 'prod' is not paused; it was left as it is",
    );
  });

  it('unpauses on the named instance only, linking into its UI (Airflow 2 here)', async () => {
    const { action, fakes } = setup();
    const { ctx, outputs } = createTestContext({
      dagId: 'demand_forecast_batch',
      instance: 'research',
    });

    await action.handler(ctx);

    expect(fakes.get('prod')!.requests).toEqual([]);
    expect(fakes.get('research')!.dag('demand_forecast_batch')?.is_paused).toBe(
      false,
    );
    expect(outputs.url).toBe(
      'https://research.upstream.example.com/ui/dags/demand_forecast_batch/grid',
    );
  });

  it('answers the recorded outcome when a retried task replays the checkpoint', async () => {
    const { action, fake } = setup();
    const checkpoints = createCheckpointStore();
    const input = { dagId: 'demand_forecast_batch' };
    await action.handler(createTestContext(input, { checkpoints }).ctx);

    const retry = createTestContext(input, { checkpoints });
    await action.handler(retry.ctx);

    expect(writesTo(fake)).toEqual(['PATCH /dags/demand_forecast_batch']);
    expect(retry.outputs.changed).toBe(true);
  });

  it('fails with NotFoundError for a DAG Airflow does not have', async () => {
    const { action, fake } = setup();

    await expect(
      action.handler(createTestContext({ dagId: 'no_such_dag' }).ctx),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(writesTo(fake)).toEqual([]);
  });

  it.each([
    [
      'a dag id with a space',
      { dagId: 'demand forecast' },
      /not an Airflow DAG id/,
    ],
    ['a missing dag id', { dagId: undefined }, /dagId must be the id/],
    ['an unknown instance', { instance: 'staging' }, /staging/],
    [
      'an instance that is no string',
      { instance: 1 },
      /instance must be a string/,
    ],
  ])('refuses %s before any request', async (_, input, message) => {
    const { action, fakes } = setup();

    await expect(
      action.handler(
        createTestContext({ dagId: 'demand_forecast_batch', ...input }).ctx,
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
    expect([...fakes.values()].flatMap(fake => fake.requests)).toEqual([]);
  });

  describe('in a dry run', () => {
    it('unpauses nothing and says it would', async () => {
      const { action, fake, audit } = setup();
      const { ctx, logger, outputs } = createTestContext(
        { dagId: 'demand_forecast_batch' },
        { isDryRun: true },
      );

      await action.handler(ctx);

      expect(writesTo(fake)).toEqual([]);
      expect(fake.dag('demand_forecast_batch')?.is_paused).toBe(true);
      expect(audit).toEqual([]);
      expect(outputs).toMatchObject({ isPaused: false, changed: true });
      expect(logger.info).toHaveBeenCalledWith(
        "Dry run: would unpause Airflow DAG 'demand_forecast_batch' on instance 'prod' (allowed: resource:default/demand_forecast_batch)",
      );
    });

    it('says when there is nothing to do', async () => {
      const { action, fake } = setup();
      const { ctx, logger, outputs } = createTestContext(
        { dagId: 'fraud_detection_training' },
        { isDryRun: true },
      );

      await action.handler(ctx);

      expect(writesTo(fake)).toEqual([]);
      expect(outputs.changed).toBe(false);
      expect(logger.info).toHaveBeenCalledWith(
        "Dry run: Airflow DAG 'fraud_detection_training' on instance 'prod' is not paused; it was left as it is",
      );
    });
  });
});
