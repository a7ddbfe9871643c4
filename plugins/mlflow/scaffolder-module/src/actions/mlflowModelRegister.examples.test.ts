import { createFakeMlflowClients } from '../__testUtils__/fakeMlflow';
import { runExample } from '../__testUtils__/runExample';
import { useSandboxMlflow } from '../__testUtils__/sandboxMlflow';
import { createMlflowExperimentCreateAction } from './mlflowExperimentCreate';
import { createMlflowModelRegisterAction } from './mlflowModelRegister';
import { examples } from './mlflowModelRegister.examples';

const cases = examples.map(example => [example.description, example] as const);

describe('mlflow:model:register examples', () => {
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
      const clients = createClients();
      const actions = [
        createMlflowModelRegisterAction({ clients }),
        createMlflowExperimentCreateAction({ clients }),
      ];

      const runs = await runExample(example, actions);

      const registrations = runs.filter(
        run => run.action === 'mlflow:model:register',
      );
      expect(registrations.length).toBeGreaterThan(0);
      for (const run of registrations) {
        const name = run.input.name as string;
        const model = sandbox.state.mlflow.requireModel(name);
        expect(run.outputs).toEqual({
          name,
          created: true,
          url: `https://mlflow.example.com/#/models/${encodeURIComponent(
            name,
          )}`,
          instance: (run.input.instance as string | undefined) ?? 'prod',
        });
        // Every example names an owner: that is what the action is for.
        expect(model.tags.get('owner')).toBe(run.input.owner);
      }
    });
  });

  describe('against the in-memory fake', () => {
    it.each(cases)('%s', async (_, example) => {
      const { clients, apis } = createFakeMlflowClients(['prod', 'research']);
      const actions = [
        createMlflowModelRegisterAction({ clients }),
        createMlflowExperimentCreateAction({ clients }),
      ];

      const runs = await runExample(example, actions);

      for (const run of runs.filter(
        candidate => candidate.action === 'mlflow:model:register',
      )) {
        const instance = (run.input.instance as string | undefined) ?? 'prod';
        expect(apis.get(instance)!.models.has(run.input.name as string)).toBe(
          true,
        );
        expect(run.outputs.created).toBe(true);
      }
    });
  });
});
