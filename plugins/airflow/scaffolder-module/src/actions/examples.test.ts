import { ExampleStepRun, runExample } from '../__testUtils__/runExample';
import { useSandboxAirflowInstances } from '../__testUtils__/sandbox';
import {
  createFakeActions,
  createTestActions,
  triggersOf,
} from '../__testUtils__/testActions';
import { examples as triggerExamples } from './airflowDagTrigger.examples';
import { examples as unpauseExamples } from './airflowDagUnpause.examples';

const cases = (
  [
    ['airflow:dag:trigger', triggerExamples],
    ['airflow:dag:unpause', unpauseExamples],
  ] as const
).flatMap(([id, examples]) =>
  examples.map(example => [id, example.description, example] as const),
);

const instanceOf = (run: ExampleStepRun) =>
  (run.input.instance as string | undefined) ?? 'prod';

/** The note of every run the examples trigger: the mock context's user triggered it. */
const triggeredByMock = expect.stringMatching(
  /^Triggered from Backstage by user:default\/mock/,
);

/** The logical date of a run triggered without one: none on Airflow 3, now on Airflow 2. */
const withoutLogicalDate: Record<string, unknown> = {
  prod: null,
  research: expect.any(Number),
};

describe('the examples in the template editor', () => {
  it('has at least three for each action', () => {
    expect(triggerExamples.length).toBeGreaterThanOrEqual(3);
    expect(unpauseExamples.length).toBeGreaterThanOrEqual(3);
  });

  describe('against the sandbox', () => {
    const { state, createClients, writes } = useSandboxAirflowInstances();

    it.each(cases)('%s: %s', async (_, __, example) => {
      const { trigger, unpause, audit } = createTestActions(createClients());

      const runs = await runExample(example, [trigger, unpause]);

      expect(runs.length).toBeGreaterThan(0);
      // What Airflow now holds for each step, as the step's outputs must say it.
      const stored = (run: ExampleStepRun) => {
        const dagId = run.input.dagId as string;
        const instance = instanceOf(run);
        const ui =
          instance === 'prod'
            ? 'https://airflow.example.com'
            : 'https://airflow2.example.com';
        if (run.action === 'airflow:dag:unpause') {
          const dag = state().dags.get(dagId)!;
          return {
            dagId,
            isPaused: dag.isPaused,
            changed: true,
            url: `${ui}/dags/${dagId}${instance === 'prod' ? '' : '/grid'}`,
            instance,
          };
        }
        const triggered = state()
          .runsOf(dagId)
          .filter(candidate => candidate.runType === 'manual');
        const [airflowRun] = triggered;
        return {
          runId: airflowRun.runId,
          state: airflowRun.state,
          triggered: triggered.length === 1,
          url:
            instance === 'prod'
              ? `${ui}/dags/${dagId}/runs/${encodeURIComponent(
                  airflowRun.runId,
                )}`
              : `${ui}/dags/${dagId}/grid?dag_run_id=${encodeURIComponent(
                  airflowRun.runId,
                )}`,
          instance,
          conf: airflowRun.conf,
          note: airflowRun.note,
          logicalDate: airflowRun.logicalDate,
        };
      };
      // And what the steps asked for.
      const asked = (run: ExampleStepRun) =>
        run.action === 'airflow:dag:unpause'
          ? run.outputs
          : {
              ...run.outputs,
              conf: run.input.conf ?? {},
              note: triggeredByMock,
              logicalDate: run.input.logicalDate
                ? Date.parse(run.input.logicalDate as string)
                : withoutLogicalDate[instanceOf(run)],
            };
      expect(runs.map(stored)).toEqual(runs.map(asked));
      expect(
        runs
          .filter(run => run.action === 'airflow:dag:trigger')
          .map(run => run.outputs.state),
      ).toEqual(
        runs
          .filter(run => run.action === 'airflow:dag:trigger')
          .map(run => (run.input.wait ? 'success' : 'queued')),
      );
      expect(Object.values(writes()).reduce((a, b) => a + b, 0)).toBe(
        runs.length,
      );
      expect(audit.map(record => record.status)).toEqual(
        runs.flatMap(() => ['initiated', 'succeeded']),
      );
    });
  });

  describe('against the in-memory Airflow', () => {
    it.each(cases)('%s: %s', async (_, __, example) => {
      const { trigger, unpause, fakes } = createFakeActions();

      const runs = await runExample(example, [trigger, unpause]);

      // Whether the fake holds what each step did, and whether the step says it did it.
      const held = runs.map(run => {
        const fake = fakes.get(instanceOf(run))!;
        const dagId = run.input.dagId as string;
        return run.action === 'airflow:dag:trigger'
          ? {
              done: triggersOf(fake).some(made => made.dagId === dagId),
              said: run.outputs.triggered,
            }
          : {
              done: fake.dag(dagId)?.is_paused === false,
              said: run.outputs.changed,
            };
      });
      expect(held).toEqual(runs.map(() => ({ done: true, said: true })));
    });
  });
});
