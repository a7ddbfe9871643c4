import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { kserveClustersServiceRef } from '@mlops-portal/plugin-kserve-node';
import {
  FakeKserveCluster,
  buildInferenceServiceObject,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  FRAUD_DETECTOR,
  callsOf,
  createTestContext,
  fakeClusterClients,
  ingestedModelServer,
  newManifest,
} from './__testUtils__/testActions';
import { scaffolderModuleKserve } from './module';
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
    features: [scaffolderModuleKserve, ...(features ?? [])],
  });
  return new Map(added.map(action => [action.id, action]));
}

function fakeCluster() {
  const fake = new FakeKserveCluster('prod');
  fake.put(buildInferenceServiceObject(FRAUD_DETECTOR));
  const clients = fakeClusterClients([fake]);
  return {
    fake,
    features: [
      mockInstanceClientsFactory(kserveClustersServiceRef, clients),
      catalogServiceMock.factory({
        entities: [ingestedModelServer(clients, 'prod', FRAUD_DETECTOR)],
      }),
    ],
  };
}

describe('scaffolderModuleKserve', () => {
  it('is the default export of the package', () => {
    expect(defaultExport).toBe(scaffolderModuleKserve);
  });

  it('registers the apply action with the injected clusters', async () => {
    const { fake, features } = fakeCluster();
    const actions = await startWithModule(features);

    expect([...actions.keys()]).toEqual(['kserve:inferenceservice:apply']);
    const { ctx, outputs } = createTestContext({
      manifest: newManifest(FRAUD_DETECTOR),
    });
    await actions.get('kserve:inferenceservice:apply')!.handler(ctx);
    expect(callsOf(fake)).toEqual([
      'getInferenceService',
      'applyInferenceService(dryRun)',
      'applyInferenceService',
    ]);
    expect(outputs.created).toBe(false);
  });

  it("asks the plugin's permissions service before a write", async () => {
    const { fake, features } = fakeCluster();
    const actions = await startWithModule([
      ...features,
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    await expect(
      actions
        .get('kserve:inferenceservice:apply')!
        .handler(
          createTestContext({ manifest: newManifest(FRAUD_DETECTOR) }).ctx,
        ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('kserve.inferenceService.apply'),
    });
    expect(callsOf(fake)).toEqual(['getInferenceService']);
  });
});
