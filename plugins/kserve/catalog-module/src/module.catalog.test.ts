import {
  SchedulerService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  kserveClustersServiceRef,
  kserveInferenceServiceLocator,
} from '@mlops-portal/plugin-kserve-node';
import {
  FakeKserveCluster,
  buildInferenceServiceObject,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import {
  FakeMlflow,
  mockMlflowClients,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import {
  mockAuthority,
  mockInstanceClientsFactory,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { testClusters } from './__testUtils__/provider';
import { catalogModuleKserveEntityProvider } from './module';

let catalogScheduler: SchedulerService | undefined;

/** Hands the test the catalog plugin's scheduler, to trigger the providers' relists. */
const schedulerProbe = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-scheduler-probe',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        scheduler: coreServices.scheduler,
      },
      async init({ scheduler }) {
        catalogScheduler = scheduler;
      },
    });
  },
});

async function entities(baseUrl: string, filter: string): Promise<Entity[]> {
  const response = await fetch(
    `${baseUrl}/api/catalog/entities/by-query?filter=${filter}&limit=100`,
    { headers: { authorization: mockCredentials.user.header() } },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Entity[] }).items;
}

/** Polls the catalog until `done` holds for what it serves for `filter`. */
async function waitFor(
  baseUrl: string,
  filter: string,
  done: (items: Entity[]) => boolean,
): Promise<Entity[]> {
  let items: Entity[] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    items = await entities(baseUrl, filter);
    if (done(items) || Date.now() > deadline) {
      return items;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe('the real catalog ingesting the provider', () => {
  it('serves the model servers and their APIs with their relations, where the authority finds them, and follows the watch', async () => {
    const prod = new FakeKserveCluster('prod');
    prod.put(
      buildInferenceServiceObject({
        namespace: 'fraud-detection',
        name: 'fraud-detector',
        state: 'canary',
        storageUri: 'models:/fraud-detector/5',
        labels: { owner: 'fraud-detection' },
      }),
    );
    const staging = new FakeKserveCluster('staging');
    staging.put(
      buildInferenceServiceObject({
        namespace: 'fraud-detection',
        name: 'fraud-detector',
        state: 'degraded',
      }),
    );
    const clusters = testClusters(prod, staging);
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleKserveEntityProvider,
        schedulerProbe,
        mockServices.rootConfig.factory({
          data: {
            kserve: {
              catalog: {
                defaultOwner: 'ml-platform',
                // Not run at startup: the test triggers the relists.
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 1 },
                  initialDelay: { hours: 1 },
                },
              },
            },
          },
        }),
        mockServices.scheduler.factory(),
        mockInstanceClientsFactory(kserveClustersServiceRef, clusters),
        mockInstanceClientsFactory(
          mlflowClientsServiceRef,
          mockMlflowClients(new FakeMlflow({ instance: { name: 'prod' } })),
        ),
      ],
    });
    try {
      const { port } = backend.server.address() as { port: number };
      const baseUrl = `http://localhost:${port}`;
      await catalogScheduler!.triggerTask('kserve-provider:prod:refresh');
      await catalogScheduler!.triggerTask('kserve-provider:staging:refresh');
      const servers = await waitFor(
        baseUrl,
        'kind=component,spec.type=model-server',
        items => items.length === 2,
      );
      const apis = await waitFor(
        baseUrl,
        'kind=api,spec.type=openapi',
        items => items.length === 2,
      );
      expect(servers).toHaveLength(2);
      expect(apis).toHaveLength(2);

      const fraud = servers.find(e => e.metadata.name === 'fraud-detector')!;
      expect(fraud).toMatchObject({
        metadata: {
          namespace: 'fraud-detection',
          annotations: {
            'kserve.io/inference-service': 'fraud-detection/fraud-detector',
            'kserve.io/cluster': 'prod',
          },
        },
        spec: { owner: 'group:default/fraud-detection' },
      });
      expect(fraud.relations).toEqual(
        expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/fraud-detection' },
          {
            type: 'providesApi',
            targetRef: 'api:fraud-detection/fraud-detector',
          },
          { type: 'dependsOn', targetRef: 'resource:default/fraud-detector' },
        ]),
      );
      const fraudApi = await waitFor(
        baseUrl,
        'kind=api,metadata.name=fraud-detector',
        items =>
          Boolean(items[0]?.relations?.some(r => r.type === 'apiProvidedBy')),
      );
      expect(fraudApi[0].relations).toEqual(
        expect.arrayContaining([
          {
            type: 'apiProvidedBy',
            targetRef: 'component:fraud-detection/fraud-detector',
          },
        ]),
      );

      // What the catalog serves is what the KServe backend authorizes canary writes against.
      const authority = mockAuthority({
        auth: mockServices.auth(),
        permissions: mockServices.permissions(),
        entities: [...servers, ...apis],
      });
      for (const cluster of ['prod', 'staging']) {
        const resolution = await authority.resolve(
          kserveInferenceServiceLocator(clusters.instances, cluster, {
            namespace: 'fraud-detection',
            name: 'fraud-detector',
          }),
        );
        expect(resolution).toMatchObject({ ingested: true });
      }

      // A change on the cluster reaches the catalog through the watch, no relist needed.
      prod.put(
        buildInferenceServiceObject({
          namespace: 'fraud-detection',
          name: 'fraud-detector',
          state: 'canary',
          storageUri: 'models:/fraud-detector/5',
          labels: { owner: 'risk' },
        }),
      );
      const [changed] = await waitFor(
        baseUrl,
        'kind=component,metadata.name=fraud-detector',
        items => items[0]?.spec?.owner === 'group:default/risk',
      );
      expect(changed.spec?.owner).toBe('group:default/risk');
      prod.remove({ namespace: 'fraud-detection', name: 'fraud-detector' });
      const left = await waitFor(
        baseUrl,
        'kind=component,spec.type=model-server',
        items => items.length === 1,
      );
      expect(
        left.map(e => e.metadata.annotations?.['kserve.io/cluster']),
      ).toEqual(['staging']);
    } finally {
      await backend.stop();
    }
  }, 60_000);
});
