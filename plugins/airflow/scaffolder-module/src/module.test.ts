import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { airflowClientsServiceRef } from '@mlops-portal/plugin-airflow-node';
import {
  FakeAirflow,
  fakeAirflowClients,
} from '@mlops-portal/plugin-airflow-node/testUtils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from './__testUtils__/actionContext';
import {
  sandboxAirflowConfig,
  useSandboxAirflowInstances,
} from './__testUtils__/sandbox';
import {
  ingestedStoryDags,
  STORY_DAGS,
  writesTo,
} from './__testUtils__/testActions';
import { scaffolderModuleAirflow } from './module';
import defaultExport from './index';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

/** Starts a backend with the module and a fake scaffolder extension point; returns the actions it added. */
async function startWithModule(
  features: Parameters<typeof startTestBackend>[0]['features'],
) {
  const added: TemplateAction<any, any, any>[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        scaffolderActionsExtensionPoint,
        { addActions: (...a) => added.push(...a) },
      ],
    ],
    features: [scaffolderModuleAirflow, ...(features ?? [])],
  });
  return new Map(added.map(action => [action.id, action]));
}

/** The module's features on an in-memory Airflow whose DAGs the catalog has ingested. */
function fakeAirflow() {
  const fake = new FakeAirflow({ dags: STORY_DAGS });
  const clients = fakeAirflowClients([fake]);
  return {
    fake,
    features: [
      mockInstanceClientsFactory(airflowClientsServiceRef, clients),
      catalogServiceMock.factory({
        entities: ingestedStoryDags(clients.instances),
      }),
    ],
  };
}

describe('scaffolderModuleAirflow', () => {
  it('is the default export of the package', () => {
    expect(defaultExport).toBe(scaffolderModuleAirflow);
  });

  it('registers both actions with the injected Airflow clients', async () => {
    const { fake, features } = fakeAirflow();

    const actions = await startWithModule(features);

    expect([...actions.keys()].sort()).toEqual([
      'airflow:dag:trigger',
      'airflow:dag:unpause',
    ]);
    await actions
      .get('airflow:dag:unpause')!
      .handler(createTestContext({ dagId: 'demand_forecast_batch' }).ctx);
    await actions
      .get('airflow:dag:trigger')!
      .handler(createTestContext({ dagId: 'demand_forecast_batch' }).ctx);
    expect(writesTo(fake)).toEqual([
      'PATCH /dags/demand_forecast_batch',
      'POST /dags/demand_forecast_batch/dagRuns',
    ]);
  });

  it("asks the plugin's permissions service before a write", async () => {
    const { fake, features } = fakeAirflow();
    const actions = await startWithModule([
      ...features,
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);

    await expect(
      actions
        .get('airflow:dag:trigger')!
        .handler(createTestContext({ dagId: 'fraud_detection_training' }).ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('airflow.dag.trigger'),
    });
    expect(writesTo(fake)).toEqual([]);
  });

  describe('with the default Airflow clients', () => {
    const { sandbox, state } = useSandboxAirflowInstances();

    it('talks to the instances configured under airflow.instances', async () => {
      const config = sandboxAirflowConfig(mount => sandbox().baseUrl(mount));
      const actions = await startWithModule([
        mockServices.rootConfig.factory({ data: config }),
        catalogServiceMock.factory({
          entities: ingestedStoryDags(config.airflow.instances),
        }),
      ]);
      const { ctx, outputs } = createTestContext({
        dagId: 'demand_forecast_batch',
        instance: 'research',
      });

      await actions.get('airflow:dag:unpause')!.handler(ctx);

      expect(outputs).toEqual({
        dagId: 'demand_forecast_batch',
        isPaused: false,
        changed: true,
        url: 'https://airflow2.example.com/dags/demand_forecast_batch/grid',
        instance: 'research',
      });
      expect(state().dags.get('demand_forecast_batch')!.isPaused).toBe(false);
    });
  });
});
