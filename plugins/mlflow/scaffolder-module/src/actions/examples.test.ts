import { useSandboxMlflow } from '@mlops-portal/plugin-mlflow-node/testUtils';
import { ExampleStepRun, runExample } from '../__testUtils__/runExample';
import {
  createFakeActions,
  createTestActions,
} from '../__testUtils__/testActions';
import { examples as experimentExamples } from './mlflowExperimentCreate.examples';
import { examples as modelExamples } from './mlflowModelRegister.examples';

const cases = (
  [
    ['mlflow:experiment:create', experimentExamples],
    ['mlflow:model:register', modelExamples],
  ] as const
).flatMap(([id, examples]) =>
  examples.map(example => [id, example.description, example] as const),
);

const instanceOf = (run: ExampleStepRun) =>
  (run.input.instance as string | undefined) ?? 'prod';

describe('the examples in the template editor', () => {
  it('has at least three for each action', () => {
    expect(experimentExamples.length).toBeGreaterThanOrEqual(3);
    expect(modelExamples.length).toBeGreaterThanOrEqual(3);
  });

  describe('against the sandbox', () => {
    const { sandbox, createClients } = useSandboxMlflow([
      { name: 'prod', mount: 'mlflow', uiUrl: 'https://mlflow.example.com' },
      {
        name: 'research',
        mount: 'mlflow2',
        uiUrl: 'https://mlflow.example.com',
      },
    ]);

    it.each(cases)('%s: %s', async (_, __, example) => {
      const { createExperiment, registerModel, audit } = createTestActions(
        createClients(),
      );

      const runs = await runExample(example, [createExperiment, registerModel]);

      expect(runs.length).toBeGreaterThan(0);
      const state = sandbox().sandbox.state.mlflow;
      // What MLflow now holds for each step, as the step's outputs must say it.
      const stored = (run: ExampleStepRun) => {
        const name = run.input.name as string;
        const instance = instanceOf(run);
        if (run.action === 'mlflow:experiment:create') {
          const { experimentId } = state.experimentByName(name)!;
          const url = `https://mlflow.example.com/#/experiments/${experimentId}`;
          return { experimentId, created: true, url, instance };
        }
        const url = `https://mlflow.example.com/#/models/${encodeURIComponent(
          name,
        )}`;
        // Every example names an owner: that is what the action is for.
        const owner = state.requireModel(name).tags.get('owner');
        return { name, created: true, url, instance, owner };
      };
      expect(runs.map(stored)).toEqual(
        runs.map(run => ({
          ...run.outputs,
          ...(run.action === 'mlflow:model:register' && {
            owner: run.input.owner,
          }),
        })),
      );
      expect(audit.map(record => record.status)).toEqual(
        runs.flatMap(() => ['initiated', 'succeeded']),
      );
    });
  });

  describe('against the in-memory MLflow', () => {
    it.each(cases)('%s: %s', async (_, __, example) => {
      const { createExperiment, registerModel, fakes } = createFakeActions();

      const runs = await runExample(example, [createExperiment, registerModel]);

      for (const run of runs) {
        const { data } = fakes.get(instanceOf(run))!;
        const stored =
          run.action === 'mlflow:experiment:create'
            ? data.experiments
            : data.models;
        expect(stored.map(object => object.name)).toContain(run.input.name);
        expect(run.outputs.created).toBe(true);
      }
    });
  });
});
