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
import { airflowClientsServiceRef } from '@mlops-portal/plugin-airflow-node';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import { resolveAuthority } from './__testUtils__/authority';
import { testOrganisation } from './__testUtils__/catalog';
import {
  FakeAirflow,
  FakeAirflowDag,
  fakeAirflowClients,
} from '@mlops-portal/plugin-airflow-node/testUtils';
import { catalogModuleAirflowEntityProvider } from './module';

const dags: FakeAirflowDag[] = [
  {
    dagId: 'fraud_detection_training',
    displayName: 'Fraud detection training',
    owners: ['fraud-detection'],
    tags: ['Fraud Detection', 'training'],
    schedule: '0 2 * * *',
  },
  { dagId: 'Churn.Retrain', owners: ['jane.doe@example.com'] },
  { dagId: 'cleanup', owners: ['airflow'], isPaused: true },
];

let catalogScheduler: SchedulerService | undefined;

/** The users and groups DAG owners refer to, as an org provider would ingest them. */
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

/** The entities of a kind the catalog serves, once it has processed `count` of them. */
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
  it('reads owners from the catalog itself, and serves every entity with its owner, title and locations', async () => {
    const fakes = [
      new FakeAirflow({ dags }),
      new FakeAirflow({ instance: { name: 'staging' }, dags }),
    ];
    const clients = fakeAirflowClients(fakes);
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAirflowEntityProvider,
        organisationModule,
        mockServices.rootConfig.factory({
          data: {
            airflow: {
              catalog: {
                defaultOwner: 'ml-platform',
                // Not run at startup: the refresh below runs once the users are in the catalog.
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
        mockInstanceClientsFactory(airflowClientsServiceRef, clients),
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
      await catalogScheduler!.triggerTask('airflow-provider:prod:refresh');
      await catalogScheduler!.triggerTask('airflow-provider:staging:refresh');
      const items = await waitForEntities(
        baseUrl,
        'kind=resource,spec.type=airflow-dag',
        2 * dags.length,
      );
      expect(items).toHaveLength(2 * dags.length);

      const fromProd = new Map(
        items
          .filter(
            e =>
              e.metadata.annotations?.['airflow.apache.org/instance'] ===
              'prod',
          )
          .map(e => [e.metadata.annotations!['airflow.apache.org/dag-id'], e]),
      );
      expect(fromProd.get('fraud_detection_training')).toMatchObject({
        metadata: {
          name: 'fraud_detection_training',
          namespace: 'default',
          title: 'Fraud detection training',
          tags: ['fraud-detection', 'training'],
          annotations: {
            'backstage.io/managed-by-location': 'mlops:airflow/prod',
            'backstage.io/managed-by-origin-location': 'mlops:airflow/prod',
          },
        },
        spec: {
          type: 'airflow-dag',
          owner: 'group:default/fraud-detection',
          airflow: { schedule: '0 2 * * *', isPaused: false },
        },
        relations: expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/fraud-detection' },
        ]),
      });
      expect(fromProd.get('Churn.Retrain')?.spec?.owner).toBe(
        'user:default/jane.doe',
      );
      // Airflow's default owner names no user, and the group called airflow is not the owner.
      expect(fromProd.get('cleanup')?.spec?.owner).toBe(
        'group:default/ml-platform',
      );

      // The catalog's view of the owner: the group lists the DAG among what it owns (once the
      // group is stitched again, which may take a moment longer).
      const ownerOf = {
        type: 'ownerOf',
        targetRef: 'resource:default/fraud_detection_training',
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

      // What the catalog serves is what the Airflow backend authorizes writes against.
      for (const instance of ['prod', 'staging']) {
        for (const { dagId } of dags) {
          await expect(
            resolveAuthority(items, clients.instances, instance, dagId),
          ).resolves.toMatchObject({
            ingested: true,
            entity: {
              metadata: {
                annotations: {
                  'airflow.apache.org/instance': instance,
                  'airflow.apache.org/dag-id': dagId,
                },
              },
            },
          });
        }
      }
    } finally {
      await backend.stop();
    }
  }, 60_000);
});
