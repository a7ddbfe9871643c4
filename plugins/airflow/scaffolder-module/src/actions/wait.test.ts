import { createTestContext } from '../__testUtils__/actionContext';
import {
  createFakeActions,
  runReads,
  writesTo,
} from '../__testUtils__/testActions';

const RUN_URL =
  'https://prod.upstream.example.com/ui/dags/fraud_detection_training/runs/manual__1';

// `wait: true` on the in-memory Airflow, whose runs take any path; the sandbox's runs always
// succeed (sandbox.test.ts waits for those, and for a seeded failed run).
describe('airflow:dag:trigger with wait', () => {
  const setup = () => {
    const actions = createFakeActions(['prod']);
    return { ...actions, action: actions.trigger };
  };
  const input = {
    dagId: 'fraud_detection_training',
    wait: true,
    timeoutSeconds: 60,
    pollIntervalSeconds: 5,
  };

  it('waits for the run to succeed, logging each state it moves to once', async () => {
    const { action, fake, time } = setup();
    fake.runStates = ['queued', 'queued', 'running', 'running', 'success'];
    const { ctx, logger, outputs } = createTestContext(input);

    await action.handler(ctx);

    expect(outputs).toMatchObject({
      runId: 'manual__1',
      state: 'success',
      triggered: true,
      url: RUN_URL,
    });
    const run =
      "Airflow DAG run 'manual__1' of DAG 'fraud_detection_training' on instance 'prod'";
    const lines = logger.info.mock.calls.map(([message]) => message);
    expect(lines.slice(1)).toEqual([
      `Waiting up to 60 s for ${run} to finish (reading it every 5 s): ${RUN_URL}`,
      `${run} is running (was queued)`,
      `${run} is success (was running)`,
      `${run} succeeded`,
    ]);
    // The trigger answered the first state; read at once, then every 5 s until the last.
    expect(runReads(fake, 'manual__1')).toBe(5);
    expect(time.waits).toEqual([5000, 5000, 5000, 5000]);
  });

  it('fails the step when the run fails, linking to it', async () => {
    const { action, fake } = setup();
    fake.runStates = ['queued', 'running', 'failed'];
    const { ctx, outputs } = createTestContext(input);

    await expect(action.handler(ctx)).rejects.toThrow(
      `Airflow DAG run 'manual__1' of DAG 'fraud_detection_training' on instance 'prod' failed; see its task logs in Airflow: ${RUN_URL}`,
    );
    expect(outputs).toEqual({});
  });

  it('fails the step when the run does not finish in time, saying where it is', async () => {
    const { action, fake, time } = setup();
    fake.runStates = ['queued', 'running'];
    const { ctx } = createTestContext({
      ...input,
      timeoutSeconds: 12,
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      `Airflow DAG run 'manual__1' of DAG 'fraud_detection_training' on instance 'prod' did not finish within 12 s; it is running and goes on in Airflow: ${RUN_URL}`,
    );
    // Reads at 0, 5 and 10 s, and once more at the deadline.
    expect(time.waits).toEqual([5000, 5000, 2000]);
    expect(writesTo(fake)).toEqual([
      'POST /dags/fraud_detection_training/dagRuns',
    ]);
  });

  it('stops waiting when the task is cancelled', async () => {
    const { action, fake, time } = setup();
    fake.runStates = ['queued', 'running'];
    const controller = new AbortController();
    time.afterWait = () => controller.abort();
    const { ctx } = createTestContext(input, { signal: controller.signal });

    await expect(action.handler(ctx)).rejects.toThrow(
      `Stopped waiting for Airflow DAG run 'manual__1' of DAG 'fraud_detection_training' on instance 'prod': the task was cancelled; the run is queued and goes on in Airflow: ${RUN_URL}`,
    );
    // One read, one wait, and no read after the cancellation.
    expect(runReads(fake, 'manual__1')).toBe(1);
    expect(time.waits).toEqual([5000]);
  });

  it('waits for an existing run of the given runId instead of triggering', async () => {
    const { action, fake } = setup();
    fake.addRun('fraud_detection_training', 'first-run', 'running', 'success');
    const { ctx, outputs } = createTestContext({
      ...input,
      runId: 'first-run',
    });

    await action.handler(ctx);

    expect(writesTo(fake)).toEqual([]);
    expect(outputs).toMatchObject({
      runId: 'first-run',
      state: 'success',
      triggered: false,
    });
  });

  it('fails the step for an existing run that failed', async () => {
    const { action, fake } = setup();
    fake.addRun('fraud_detection_training', 'first-run', 'failed');

    await expect(
      action.handler(createTestContext({ ...input, runId: 'first-run' }).ctx),
    ).rejects.toThrow(/'first-run' .* failed; see its task logs/);
    expect(writesTo(fake)).toEqual([]);
  });

  it('reads the run from Airflow at every poll, past the read cache', async () => {
    // Polls 5 s apart, well within a minute's cacheTtl: a cached read would answer queued again.
    const actions = createFakeActions(['prod'], { cacheTtlMs: 60_000 });
    actions.fake.runStates = ['queued', 'running', 'success'];
    const { ctx, outputs } = createTestContext(input);

    await actions.trigger.handler(ctx);

    expect(outputs.state).toBe('success');
    expect(runReads(actions.fake, 'manual__1')).toBe(3);
    expect(actions.time.waits).toEqual([5000, 5000]);
  });

  it('answers the run as triggered without waiting by default', async () => {
    const { action, fake, time } = setup();
    const { ctx, outputs } = createTestContext({
      dagId: 'fraud_detection_training',
    });

    await action.handler(ctx);

    expect(outputs.state).toBe('queued');
    expect(runReads(fake)).toBe(0);
    expect(time.waits).toEqual([]);
  });
});
