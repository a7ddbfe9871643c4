import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowClients,
  KubeflowInstanceConfig,
  kubeflowClientsServiceRef,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  FakeKubeflow,
  KUBEFLOW_STORY,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import {
  mockInstanceClients,
  mockInstanceClientsFactory,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  createTestContext,
  ingestedPipelines,
} from './__testUtils__/testActions';
import { scaffolderModuleKubeflow } from './module';
import defaultExport from './index';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

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
    features: [scaffolderModuleKubeflow, ...(features ?? [])],
  });
  return new Map(added.map(action => [action.id, action]));
}

function fakeKubeflow() {
  const fake = FakeKubeflow.story({ instance: { name: 'prod' } });
  const clients: KubeflowClients = mockInstanceClients<
    FakeKubeflow,
    KubeflowInstanceConfig
  >(KUBEFLOW_SYSTEM, [fake]);
  return {
    fake,
    features: [
      mockInstanceClientsFactory(kubeflowClientsServiceRef, clients),
      catalogServiceMock.factory({
        entities: ingestedPipelines(clients, [fake]),
      }),
    ],
  };
}

const runInput = {
  pipeline: KUBEFLOW_STORY.fraudPipeline.name,
  parameters: { registered_model: 'fraud-detector' },
};

describe('scaffolderModuleKubeflow', () => {
  it('is the default export of the package', () => {
    expect(defaultExport).toBe(scaffolderModuleKubeflow);
  });

  it('registers both actions with the injected Kubeflow clients', async () => {
    const { fake, features } = fakeKubeflow();
    const actions = await startWithModule(features);

    expect([...actions.keys()].sort()).toEqual([
      'kubeflow:pipeline:upload',
      'kubeflow:run:create',
    ]);
    await actions
      .get('kubeflow:run:create')!
      .handler(createTestContext(runInput).ctx);
    expect(fake.writes().map(call => call.method)).toEqual(['createRun']);
  });

  it("asks the plugin's permissions service before a write", async () => {
    const { fake, features } = fakeKubeflow();
    const actions = await startWithModule([
      ...features,
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    await expect(
      actions
        .get('kubeflow:run:create')!
        .handler(createTestContext(runInput).ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('kubeflow.run.create'),
    });
    expect(fake.writes()).toEqual([]);
  });
});
