import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { useSandboxMlflow } from '@mlops-portal/plugin-mlflow-node/testUtils';
import { scaffolderModuleMlflow } from './module';

// The module inside the real scaffolder: its task runner validates step input against the
// actions' JSON schema, renders parameters, passes isDryRun and persists checkpoints.

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'mlflow-model-project', namespace: 'default' },
  spec: {
    owner: 'group:default/ml-platform',
    type: 'ml-model',
    parameters: [
      {
        type: 'object',
        required: ['name', 'owner'],
        properties: {
          name: { type: 'string' },
          owner: { type: 'string' },
        },
      },
    ],
    steps: [
      {
        id: 'experiment',
        name: 'Create MLflow experiment',
        action: 'mlflow:experiment:create',
        input: {
          name: '${{ parameters.name }}',
          tags: { team: '${{ parameters.owner }}' },
        },
      },
      {
        id: 'model',
        name: 'Register MLflow model',
        action: 'mlflow:model:register',
        input: {
          name: '${{ parameters.name }}',
          owner: '${{ parameters.owner }}',
        },
      },
    ],
    output: {
      experimentId: '${{ steps.experiment.output.experimentId }}',
      experimentCreated: '${{ steps.experiment.output.created }}',
      modelUrl: '${{ steps.model.output.url }}',
    },
  },
};

describe('the MLflow actions in the scaffolder', () => {
  const { sandbox, writes } = useSandboxMlflow([]);
  const state = () => sandbox().sandbox.state.mlflow;
  const workDir = createMockDirectory();

  async function startScaffolder(...features: BackendFeature[]) {
    const { server } = await startTestBackend({
      features: [
        ...features,
        scaffolderPlugin,
        scaffolderModuleMlflow,
        catalogServiceMock.factory({ entities: [template] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: workDir.path },
            mlflow: {
              instances: [
                {
                  name: 'sandbox',
                  baseUrl: sandbox().baseUrl('mlflow'),
                  uiUrl: 'https://mlflow.example.com',
                },
              ],
            },
          },
        }),
      ],
    });
    const { port } = server.address() as { port: number };
    return `http://127.0.0.1:${port}/api/scaffolder`;
  }

  async function post(url: string, body: object) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  it('runs a dry run of a template without writing to MLflow', async () => {
    const api = await startScaffolder();

    const { status, body } = await post(`${api}/v2/dry-run`, {
      template,
      values: { name: 'churn-predictor-v2', owner: 'customer-insights' },
      directoryContents: [],
    });

    expect(status).toBe(200);
    expect(body.output).toEqual({
      experimentId: 'dry-run',
      experimentCreated: true,
      modelUrl: 'https://mlflow.example.com/#/models/churn-predictor-v2',
    });
    expect(JSON.stringify(body.log)).toContain(
      "Dry run: would create MLflow experiment 'churn-predictor-v2' on instance 'sandbox'",
    );
    expect(writes()).toEqual({});
  });

  it('creates the experiment and the model when a task runs', async () => {
    const api = await startScaffolder();

    const created = await post(`${api}/v2/tasks`, {
      templateRef: 'template:default/mlflow-model-project',
      values: { name: 'churn-predictor-v2', owner: 'customer-insights' },
    });
    expect(created.status).toBe(201);
    const task = await waitForTask(`${api}/v2/tasks/${created.body.id}`);

    expect(task.status).toBe('completed');
    const experiment = state().experimentByName('churn-predictor-v2');
    const events: Array<{ type: string; body: { output?: unknown } }> = await (
      await fetch(`${api}/v2/tasks/${created.body.id}/events`)
    ).json();
    const completion = events.find(event => event.type === 'completion');
    expect(completion?.body.output).toEqual({
      experimentId: experiment!.experimentId,
      experimentCreated: true,
      modelUrl: 'https://mlflow.example.com/#/models/churn-predictor-v2',
    });
    expect(state().requireModel('churn-predictor-v2').tags.get('owner')).toBe(
      'customer-insights',
    );
  });

  it('fails the task at the step whose create the initiator may not make', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(request => ({
          result:
            request.permission.name === 'mlflow.model.create'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const api = await startScaffolder(permissions.factory);

    const created = await post(`${api}/v2/tasks`, {
      templateRef: 'template:default/mlflow-model-project',
      values: { name: 'churn-predictor-v2', owner: 'customer-insights' },
    });
    const task = await waitForTask(`${api}/v2/tasks/${created.body.id}`);

    expect(task.status).toBe('failed');
    const events = await (
      await fetch(`${api}/v2/tasks/${created.body.id}/events`)
    ).json();
    expect(JSON.stringify(events)).toContain(
      "Not allowed to create MLflow registered model 'churn-predictor-v2' on instance 'sandbox' (mlflow.model.create)",
    );
    expect(state().experimentByName('churn-predictor-v2')).toBeDefined();
    expect(writes()).toEqual({
      'POST /api/2.0/mlflow/experiments/create': 1,
    });
  });

  it('fails the step before any request when the runner refuses the input', async () => {
    const api = await startScaffolder();

    const { status, body } = await post(`${api}/v2/dry-run`, {
      template: {
        ...template,
        spec: {
          ...template.spec,
          steps: [
            {
              id: 'experiment',
              action: 'mlflow:experiment:create',
              input: { name: 'x', tags: { retries: 3 } },
            },
          ],
          output: {},
        },
      },
      values: { name: 'x', owner: 'y' },
      directoryContents: [],
    });

    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(
      'Invalid input passed to action mlflow:experiment:create',
    );
    expect(sandbox().sandbox.stats.snapshot().total).toBe(0);
  });
});

async function waitForTask(url: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const task = await (await fetch(url)).json();
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      return task;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`Task ${url} did not finish`);
}
