import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { mlflowClientsServiceRef } from '@mlops-portal/plugin-mlflow-node';
import {
  FakeMlflow,
  mockMlflowClients,
  modelVersion,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import { resolveAuthority } from './__testUtils__/authority';
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

/** An MLflow instance holding the awkward names, each with one version and aliases. */
function registry(name: string): FakeMlflow {
  const models = awkwardNames.map((model, i) => {
    const registered = registeredModel(model, {
      tags: i === 0 ? { owner: 'fraud-detection' } : undefined,
      aliases: { champion: '1', constructor: '1', toString: '1' },
    });
    registered.aliases!.push({ alias: '__proto__', version: '1' });
    return registered;
  });
  return new FakeMlflow({
    instance: { name },
    data: { models, versions: awkwardNames.map(m => modelVersion(m, 1)) },
  });
}

describe('the real catalog ingesting the provider', () => {
  it('accepts, processes and serves every entity, owners, titles and locations intact', async () => {
    const clients = mockMlflowClients(registry('prod'), registry('staging'));
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMlflowEntityProvider,
        mockServices.rootConfig.factory({
          data: {
            mlflow: {
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
        mockInstanceClientsFactory(mlflowClientsServiceRef, clients),
      ],
    });
    try {
      const { port } = backend.server.address() as { port: number };
      const items = await waitForResources(
        `http://localhost:${port}`,
        2 * awkwardNames.length,
      );
      const fromProd = items.filter(
        e => e.metadata.annotations?.['mlflow.org/instance'] === 'prod',
      );

      const byTitle = new Map(fromProd.map(e => [e.metadata.title, e]));
      expect([...byTitle.keys()].sort()).toEqual([...awkwardNames].sort());
      expect(byTitle.get('fraud-detector')).toMatchObject({
        metadata: {
          name: 'fraud-detector',
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location': 'mlops:mlflow/prod',
            'backstage.io/managed-by-origin-location': 'mlops:mlflow/prod',
          },
        },
        spec: {
          owner: 'group:default/fraud-detection',
          mlflow: {
            aliases: expect.arrayContaining([
              expect.objectContaining({ alias: 'champion', version: '1' }),
            ]),
          },
        },
        relations: expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/fraud-detection' },
        ]),
      });
      // Aliases named like prototype keys, `__proto__` included, come back as the plain names
      // they are: a list, since the catalog drops map keys named `__proto__` from entities.
      const aliases = (
        byTitle.get('fraud-detector')?.spec?.mlflow as {
          aliases: Array<{ alias: string; version: string }>;
        }
      ).aliases;
      expect(aliases.map(a => a.alias)).toEqual([
        '__proto__',
        'champion',
        'constructor',
        'toString',
      ]);
      expect(aliases.find(a => a.alias === '__proto__')).toEqual({
        alias: '__proto__',
        version: '1',
        status: 'READY',
        runId: 'run-fraud-detector-1',
      });
      expect(byTitle.get('Produkt Empfehlung – β')?.spec?.owner).toBe(
        'group:default/ml-platform',
      );

      // What the catalog serves is what the MLflow backend authorizes writes against.
      for (const instance of ['prod', 'staging']) {
        for (const model of awkwardNames) {
          const resolution = await resolveAuthority(
            items,
            clients,
            instance,
            model,
          );
          expect(resolution).toMatchObject({
            ingested: true,
            entity: {
              metadata: {
                title: model,
                annotations: { 'mlflow.org/instance': instance },
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
