import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  sandboxAirflowConfig,
  useSandboxAirflowInstances,
} from './__testUtils__/sandbox';
import { ingestedStoryDags } from './__testUtils__/testActions';
import { scaffolderModuleAirflow } from './module';

// The module inside the real scaffolder: its task runner validates step input against the
// actions' JSON schema, renders parameters, passes isDryRun and persists checkpoints; the
// sandbox's scheduler runs the triggered run to success while the step waits for it.

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'airflow-first-run', namespace: 'default' },
  spec: {
    owner: 'group:default/ml-platform',
    type: 'ml-model',
    parameters: [
      {
        type: 'object',
        required: ['dagId', 'project'],
        properties: {
          dagId: { type: 'string' },
          project: { type: 'string' },
        },
      },
    ],
    steps: [
      {
        id: 'unpause',
        name: 'Unpause the DAG',
        action: 'airflow:dag:unpause',
        input: { dagId: '${{ parameters.dagId }}' },
      },
      {
        id: 'trigger',
        name: 'Run it once',
        action: 'airflow:dag:trigger',
        input: {
          dagId: '${{ parameters.dagId }}',
          runId: 'backstage-${{ parameters.project }}',
          conf: { project: '${{ parameters.project }}' },
          note: 'First run of ${{ parameters.project }}',
          wait: true,
          pollIntervalSeconds: 1,
        },
      },
    ],
    output: {
      unpaused: '${{ steps.unpause.output.changed }}',
      runId: '${{ steps.trigger.output.runId }}',
      state: '${{ steps.trigger.output.state }}',
      runUrl: '${{ steps.trigger.output.url }}',
    },
  },
};

const values = { dagId: 'demand_forecast_batch', project: 'demand-v3' };

describe('the Airflow actions in the scaffolder', () => {
  const { sandbox, state, writes, requests } = useSandboxAirflowInstances();
  const workDir = createMockDirectory();

  async function startScaffolder(...features: BackendFeature[]) {
    // No read cache, so that the run's state is read afresh every second.
    const config = sandboxAirflowConfig(mount => sandbox().baseUrl(mount), {
      cacheTtl: { milliseconds: 0 },
    });
    const { server } = await startTestBackend({
      features: [
        ...features,
        scaffolderPlugin,
        scaffolderModuleAirflow,
        catalogServiceMock.factory({
          entities: [template, ...ingestedStoryDags(config.airflow.instances)],
        }),
        mockServices.rootConfig.factory({
          data: { backend: { workingDirectory: workDir.path }, ...config },
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

  it('runs a dry run of a template without writing to Airflow', async () => {
    const api = await startScaffolder();

    const { status, body } = await post(`${api}/v2/dry-run`, {
      template,
      values,
      directoryContents: [],
    });

    expect(status).toBe(200);
    expect(body.output).toEqual({
      unpaused: true,
      runId: 'dry-run',
      state: 'queued',
      runUrl:
        'https://airflow.example.com/dags/demand_forecast_batch/runs/dry-run',
    });
    const log = JSON.stringify(body.log);
    expect(log).toContain(
      "Dry run: would unpause Airflow DAG 'demand_forecast_batch' on instance 'prod' (allowed: resource:default/demand_forecast_batch)",
    );
    expect(log).toContain(
      "Dry run: would trigger Airflow DAG 'demand_forecast_batch' on instance 'prod'",
    );
    expect(writes()).toEqual({});
    expect(state().dags.get('demand_forecast_batch')!.isPaused).toBe(true);
  });

  it('unpauses the DAG, triggers its run and waits for it to succeed when a task runs', async () => {
    const api = await startScaffolder();

    const created = await post(`${api}/v2/tasks`, {
      templateRef: 'template:default/airflow-first-run',
      values,
    });
    expect(created.status).toBe(201);
    const task = await waitForTask(`${api}/v2/tasks/${created.body.id}`);

    expect(task.status).toBe('completed');
    const events: Array<{
      type: string;
      body: { message?: string; output?: unknown };
    }> = await (
      await fetch(`${api}/v2/tasks/${created.body.id}/events`)
    ).json();
    expect(
      events.find(event => event.type === 'completion')?.body.output,
    ).toEqual({
      unpaused: true,
      runId: 'backstage-demand-v3',
      state: 'success',
      runUrl:
        'https://airflow.example.com/dags/demand_forecast_batch/runs/backstage-demand-v3',
    });
    const run = state().requireRun(
      'demand_forecast_batch',
      'backstage-demand-v3',
    );
    expect(run).toMatchObject({
      state: 'success',
      conf: { project: 'demand-v3' },
      note: expect.stringMatching(
        /^Triggered from Backstage by user:default\/.+: First run of demand-v3$/,
      ),
    });
    const log = events.map(event => event.body.message).join('\n');
    expect(log).toContain(
      "Airflow DAG run 'backstage-demand-v3' of DAG 'demand_forecast_batch' on instance 'prod' is running (was queued)",
    );
    expect(log).toContain(
      "Airflow DAG run 'backstage-demand-v3' of DAG 'demand_forecast_batch' on instance 'prod' succeeded",
    );
    expect(writes()).toEqual({
      'PATCH /api/v2/dags/{dag_id}': 1,
      'POST /api/v2/dags/{dag_id}/dagRuns': 1,
    });
  });

  it('fails the task at the step whose write the initiator may not make', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async asked =>
        asked.map(request => ({
          result:
            request.permission.name === 'airflow.dag.trigger'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async asked =>
        asked.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const api = await startScaffolder(permissions.factory);

    const created = await post(`${api}/v2/tasks`, {
      templateRef: 'template:default/airflow-first-run',
      values,
    });
    const task = await waitForTask(`${api}/v2/tasks/${created.body.id}`);

    expect(task.status).toBe('failed');
    const events = await (
      await fetch(`${api}/v2/tasks/${created.body.id}/events`)
    ).json();
    expect(JSON.stringify(events)).toContain(
      "Not allowed to airflow.dag.trigger on Airflow DAG 'demand_forecast_batch' on instance 'prod': it is owned by 'group:default/ml-platform'",
    );
    expect(writes()).toEqual({ 'PATCH /api/v2/dags/{dag_id}': 1 });
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
              id: 'trigger',
              action: 'airflow:dag:trigger',
              input: { dagId: 'demand_forecast_batch', conf: 'project=x' },
            },
          ],
          output: {},
        },
      },
      values,
      directoryContents: [],
    });

    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(
      'Invalid input passed to action airflow:dag:trigger',
    );
    expect(requests()).toBe(0);
  });
});

async function waitForTask(url: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const task = await (await fetch(url)).json();
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      return task;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`Task ${url} did not finish`);
}
