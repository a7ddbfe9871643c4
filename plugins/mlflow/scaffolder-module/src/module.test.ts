import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import {
  FakeMlflow,
  mockMlflowClients,
  useSandboxMlflow,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from './__testUtils__/actionContext';
import { scaffolderModuleMlflow } from './module';
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
    features: [scaffolderModuleMlflow, ...(features ?? [])],
  });
  return new Map(added.map(action => [action.id, action]));
}

describe('scaffolderModuleMlflow', () => {
  it('is the default export of the package', () => {
    expect(defaultExport).toBe(scaffolderModuleMlflow);
  });

  it('registers both actions with the injected MLflow clients and the configured owner tag', async () => {
    const fake = new FakeMlflow();

    const actions = await startWithModule([
      mockInstanceClientsFactory(
        mlflowClientsServiceRef,
        mockMlflowClients(fake),
      ),
      mockServices.rootConfig.factory({
        data: { mlflow: { catalog: { ownerTag: 'team' } } },
      }),
    ]);

    expect([...actions.keys()].sort()).toEqual([
      'mlflow:experiment:create',
      'mlflow:model:register',
    ]);
    await actions
      .get('mlflow:model:register')!
      .handler(
        createTestContext({ name: 'churn-v2', owner: 'customer-insights' }).ctx,
      );
    expect(fake.data.models).toEqual([
      { name: 'churn-v2', tags: [{ key: 'team', value: 'customer-insights' }] },
    ]);
  });

  it("asks the plugin's permissions service before a create", async () => {
    const fake = new FakeMlflow();
    const actions = await startWithModule([
      mockInstanceClientsFactory(
        mlflowClientsServiceRef,
        mockMlflowClients(fake),
      ),
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);

    await expect(
      actions
        .get('mlflow:experiment:create')!
        .handler(createTestContext({ name: 'churn-v2' }).ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('mlflow.experiment.create'),
    });
    expect(fake.writes).toEqual([]);
  });

  describe('with the default MLflow clients', () => {
    const { sandbox } = useSandboxMlflow([]);

    it('talks to the instance configured under mlflow.instances', async () => {
      const actions = await startWithModule([
        mockServices.rootConfig.factory({
          data: {
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
      ]);
      const { ctx, outputs } = createTestContext({ name: 'fraud-detection' });

      await actions.get('mlflow:experiment:create')!.handler(ctx);

      expect(outputs).toEqual({
        experimentId: '1',
        created: false,
        url: 'https://mlflow.example.com/#/experiments/1',
        instance: 'sandbox',
      });
    });
  });

  it('fails to start when mlflow.catalog.ownerTag is not a valid tag key', async () => {
    await expect(
      startWithModule([
        mockInstanceClientsFactory(
          mlflowClientsServiceRef,
          mockMlflowClients(new FakeMlflow()),
        ),
        mockServices.rootConfig.factory({
          data: { mlflow: { catalog: { ownerTag: 'team/' } } },
        }),
      ]),
    ).rejects.toThrow(
      /mlflow\.catalog\.ownerTag: Invalid MLflow tag key 'team\/'/,
    );
  });
});
