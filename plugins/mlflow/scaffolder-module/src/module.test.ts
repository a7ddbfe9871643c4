import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import { createTestContext } from './__testUtils__/actionContext';
import { createFakeMlflowClients } from './__testUtils__/fakeMlflow';
import { useSandboxMlflow } from './__testUtils__/sandboxMlflow';
import { scaffolderModuleMlflow } from './module';
import defaultExport from './index';

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
    const { clients, api } = createFakeMlflowClients(['prod']);

    const actions = await startWithModule([
      createServiceFactory({
        service: mlflowClientsServiceRef,
        deps: {},
        factory: () => clients,
      }),
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
    expect(api.models.get('churn-v2')?.tags).toEqual([
      { key: 'team', value: 'customer-insights' },
    ]);
  });

  describe('with the default MLflow clients', () => {
    const { baseUrl } = useSandboxMlflow([]);

    it('talks to the instance configured under mlflow.instances', async () => {
      const actions = await startWithModule([
        mockServices.rootConfig.factory({
          data: {
            mlflow: {
              instances: [
                {
                  name: 'sandbox',
                  baseUrl: `${baseUrl()}/mlflow`,
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
        createServiceFactory({
          service: mlflowClientsServiceRef,
          deps: {},
          factory: () => createFakeMlflowClients().clients,
        }),
        mockServices.rootConfig.factory({
          data: { mlflow: { catalog: { ownerTag: 'team/' } } },
        }),
      ]),
    ).rejects.toThrow(
      /mlflow\.catalog\.ownerTag is not a valid MLflow tag key/,
    );
  });
});
