import {
  coreServices,
  createBackendModule,
  SchedulerService,
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
  isKubeflowId,
  readKubeflowAnnotations,
} from '@mlops-portal/plugin-kubeflow-common';
import { kubeflowClientsServiceRef } from '@mlops-portal/plugin-kubeflow-node';
import {
  FakeKubeflow,
  KUBEFLOW_STORY,
  fakeKubeflowClients,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import { resolveAuthority } from './__testUtils__/authority';
import { testOrganisation } from './__testUtils__/catalog';
import { catalogModuleKubeflowEntityProvider } from './module';

let catalogScheduler: SchedulerService | undefined;

/** The users and groups the owners refer to, as an org provider would ingest them. */
const organisationModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-organisation',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, scheduler }) {
        catalogScheduler = scheduler;
        catalog.addEntityProvider({
          getProviderName: () => 'test-organisation',
          connect: connection =>
            connection.applyMutation({
              type: 'full',
              entities: testOrganisation.map(entity => ({
                entity,
                locationKey: 'test-organisation',
              })),
            }),
        });
      },
    });
  },
});

/** The entities the catalog serves for a filter, once it has processed `count` of them. */
async function waitForEntities(
  baseUrl: string,
  filter: string,
  count: number,
): Promise<Entity[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=${filter}&limit=100`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Entity[] };
    if (items.length >= count || Date.now() > deadline) {
      return items;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe('the real catalog ingesting the provider', () => {
  it('serves every pipeline with its owner, title, locations and versions, where the authority finds it', async () => {
    // prod: the story (namespace `kubeflow`, no namespace owner); staging: a multi-team KFP.
    const prod = FakeKubeflow.story();
    const staging = new FakeKubeflow({
      instance: { name: 'staging' },
      pipelines: [
        {
          displayName: 'fraud-detection-training',
          namespace: 'fraud-detection',
          versions: [{ displayName: 'v1' }, { displayName: 'v2' }],
        },
        { displayName: 'Demand Forecast', namespace: 'supply-chain' },
      ],
    });
    const clients = fakeKubeflowClients(prod, staging);
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleKubeflowEntityProvider,
        organisationModule,
        mockServices.rootConfig.factory({
          data: {
            kubeflow: {
              catalog: {
                defaultOwner: 'ml-platform',
                namespaceOwners: {
                  'fraud-detection': 'fraud-detection',
                  'supply-chain': 'group:default/supply-chain',
                },
                // Not run at startup: the refreshes below run once the groups are in the catalog.
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
        mockInstanceClientsFactory(kubeflowClientsServiceRef, clients),
      ],
    });
    try {
      const { port } = backend.server.address() as { port: number };
      const baseUrl = `http://localhost:${port}`;
      await waitForEntities(
        baseUrl,
        'kind=user,kind=group',
        testOrganisation.length,
      );
      // Through catalogServiceRef: over HTTP to the catalog itself, as in a real backend.
      await catalogScheduler!.triggerTask('kubeflow-provider:prod:refresh');
      await catalogScheduler!.triggerTask('kubeflow-provider:staging:refresh');
      const items = await waitForEntities(
        baseUrl,
        'kind=resource,spec.type=kubeflow-pipeline',
        4,
      );
      expect(items).toHaveLength(4);

      const byName = new Map(items.map(e => [e.metadata.name, e]));
      const { fraudPipeline } = KUBEFLOW_STORY;
      expect(byName.get('fraud-detection-training')).toMatchObject({
        metadata: {
          namespace: 'default',
          title: 'fraud-detection-training',
          annotations: {
            'backstage.io/managed-by-location': 'mlops:kubeflow/prod',
            'backstage.io/managed-by-origin-location': 'mlops:kubeflow/prod',
            'kubeflow.org/pipeline-id': fraudPipeline.id,
            'kubeflow.org/pipeline': 'fraud-detection-training',
            'kubeflow.org/instance': 'prod',
          },
        },
        spec: {
          type: 'kubeflow-pipeline',
          owner: 'group:default/ml-platform',
          kubeflow: {
            versionCount: 3,
            latestVersion: { id: fraudPipeline.versions.v3.id, name: 'v3' },
          },
        },
        relations: expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/ml-platform' },
        ]),
      });
      const stagingFraud = items.find(
        e =>
          e.metadata.annotations?.['kubeflow.org/instance'] === 'staging' &&
          e.metadata.title === 'fraud-detection-training',
      );
      expect(stagingFraud?.metadata.name).toMatch(
        /^staging-fraud-detection-training-[0-9a-f]{8}$/,
      );
      expect(stagingFraud?.spec?.owner).toBe('group:default/fraud-detection');
      expect(
        items.find(e => e.metadata.title === 'Demand Forecast')?.spec?.owner,
      ).toBe('group:default/supply-chain');

      // The catalog's view of the owner: the team lists its pipeline among what it owns (once
      // the group is stitched again, which may take a moment longer).
      const ownerOf = {
        type: 'ownerOf',
        targetRef: `resource:default/${stagingFraud?.metadata.name}`,
      };
      let fraudTeam: Entity[] = [];
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        fraudTeam = await waitForEntities(
          baseUrl,
          'kind=group,metadata.name=fraud-detection',
          1,
        );
        if (
          fraudTeam[0]?.relations?.some(
            r => r.type === ownerOf.type && r.targetRef === ownerOf.targetRef,
          )
        ) {
          break;
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      expect(fraudTeam[0].relations).toEqual(expect.arrayContaining([ownerOf]));

      // What the catalog serves is what the Kubeflow backend authorizes writes against, and each
      // entity's own annotation leads back to its pipeline.
      for (const fake of [prod, staging]) {
        const instance = fake.instance.name;
        for (const pipeline of fake.pipelines) {
          const resolution = await resolveAuthority(
            items,
            clients.instances,
            instance,
            pipeline,
          );
          if (!resolution.ingested) {
            throw new Error(resolution.reason);
          }
          const annotated = readKubeflowAnnotations(resolution.entity)
            .pipeline!;
          const found = isKubeflowId(annotated)
            ? await fake.getPipeline(annotated)
            : await fake.getPipelineByName(annotated);
          expect(found.pipelineId).toBe(pipeline.pipelineId);
        }
      }
    } finally {
      await backend.stop();
    }
  }, 60_000);
});
