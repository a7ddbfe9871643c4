import { createFakeMlflowClients } from '../__testUtils__/fakeMlflow';
import { runExample } from '../__testUtils__/runExample';
import { useSandboxMlflow } from '../__testUtils__/sandboxMlflow';
import { createMlflowExperimentCreateAction } from './mlflowExperimentCreate';
import { examples } from './mlflowExperimentCreate.examples';

const cases = examples.map(example => [example.description, example] as const);

describe('mlflow:experiment:create examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
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

    it.each(cases)('%s', async (_, example) => {
      const action = createMlflowExperimentCreateAction({
        clients: createClients(),
      });

      const runs = await runExample(example, [action]);

      expect(runs.length).toBeGreaterThan(0);
      for (const run of runs) {
        const stored = sandbox.state.mlflow.experimentByName(
          run.input.name as string,
        );
        expect(stored).toBeDefined();
        expect(run.outputs).toMatchObject({
          experimentId: stored!.experimentId,
          created: true,
          url: `https://mlflow.example.com/#/experiments/${
            stored!.experimentId
          }`,
        });
      }
    });
  });

  describe('against the in-memory fake', () => {
    it.each(cases)('%s', async (_, example) => {
      const { clients, apis } = createFakeMlflowClients(['prod', 'research']);
      const action = createMlflowExperimentCreateAction({ clients });

      const runs = await runExample(example, [action]);

      for (const run of runs) {
        const instance = (run.input.instance as string | undefined) ?? 'prod';
        expect(
          apis.get(instance)!.experiments.has(run.input.name as string),
        ).toBe(true);
        expect(run.outputs.created).toBe(true);
      }
    });
  });
});
