import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import {
  fakeMlflowApi,
  fakeMlflowClients,
  modelVersion,
  registeredModel,
} from './__testUtils__/fakeMlflow';
import { catalogModuleMlflowEntityProvider } from './module';

const awkwardNames = [
  'fraud-detector',
  'Produkt Empfehlung – β',
  'team/fraud model',
  '日本語モデル',
];

/** The ml-model Resources the catalog serves, once it has processed `count` of them. */
async function waitForResources(
  baseUrl: string,
  count: number,
): Promise<Entity[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=kind=resource,spec.type=ml-model&limit=100`,
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
  it('accepts, processes and serves every entity, owners and titles intact', async () => {
    const clients = fakeMlflowClients([
      fakeMlflowApi({
        models: awkwardNames.map((name, i) =>
          registeredModel(name, {
            tags: i === 0 ? { owner: 'fraud-detection' } : undefined,
            aliases: { champion: '1' },
          }),
        ),
        versions: awkwardNames.map(name => modelVersion(name, 1)),
      }),
    ]);
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMlflowEntityProvider,
        mockServices.rootConfig.factory({
          data: {
            mlflow: {
              instances: [
                { name: 'prod', baseUrl: 'https://mlflow.example.com' },
              ],
              catalog: {
                defaultOwner: 'ml-platform',
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 1 },
                },
              },
            },
          },
        }),
        // Runs the scheduled refresh right away.
        mockServices.scheduler.factory(),
        createServiceFactory({
          service: mlflowClientsServiceRef,
          deps: {},
          factory: () => clients,
        }),
      ],
    });
    try {
      const { port } = backend.server.address() as { port: number };
      const items = await waitForResources(
        `http://localhost:${port}`,
        awkwardNames.length,
      );

      const byTitle = new Map(items.map(e => [e.metadata.title, e]));
      expect([...byTitle.keys()].sort()).toEqual([...awkwardNames].sort());
      expect(byTitle.get('fraud-detector')).toMatchObject({
        metadata: { name: 'fraud-detector', namespace: 'default' },
        spec: {
          owner: 'group:default/fraud-detection',
          mlflow: { aliases: { champion: { version: '1' } } },
        },
        relations: expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/fraud-detection' },
        ]),
      });
      expect(byTitle.get('Produkt Empfehlung – β')?.spec?.owner).toBe(
        'group:default/ml-platform',
      );
    } finally {
      await backend.stop();
    }
  });
});
