import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import searchPlugin from '@backstage/plugin-search-backend';
import searchModuleCatalogCollator from '@backstage/plugin-search-backend-module-catalog';
import searchModulePgEngine from '@backstage/plugin-search-backend-module-pg';
import searchModuleTechDocsCollator from '@backstage/plugin-search-backend-module-techdocs';
import mlopsPermissionPolicy from '@mlops-portal/plugin-permission-backend-module-mlops-policy';
import { searchModuleLunrEngine } from './searchModuleLunrEngine';

// Starting a backend with the catalog, permission and search plugins takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

/** An ingested MLflow registered model, as the MLflow entity provider emits it. */
const fraudDetector: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fraud-detector',
    title: 'fraud-detector',
    description: 'Scores card transactions for fraud.',
    annotations: {
      'backstage.io/managed-by-location': 'url:http://mlflow.test/',
      'backstage.io/managed-by-origin-location': 'url:http://mlflow.test/',
      'mlflow.org/registered-model': 'fraud-detector',
    },
  },
  spec: { type: 'ml-model', owner: 'group:default/fraud-detection' },
};

/** A System with TechDocs that nobody has built yet. */
const documentedSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'mlops-portal',
    annotations: {
      'backstage.io/managed-by-location': 'url:http://mlflow.test/',
      'backstage.io/managed-by-origin-location': 'url:http://mlflow.test/',
      'backstage.io/techdocs-ref': 'dir:.',
    },
  },
  spec: { owner: 'group:default/mlops-portal-maintainers' },
};

const testEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-entities',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'test-entities',
          connect: async connection => {
            await connection.applyMutation({
              type: 'full',
              entities: [fraudDetector, documentedSystem].map(entity => ({
                entity,
                locationKey: 'test-entities',
              })),
            });
          },
        });
      },
    });
  },
});

// Collate right away and every second, in this process, so the test sees indexing promptly.
const promptly = {
  frequency: { seconds: 1 },
  timeout: { minutes: 1 },
  scope: 'local',
};

type SearchResponse = {
  results: Array<{ type: string; document: Record<string, unknown> }>;
};

async function search(
  baseUrl: string,
  query: string,
): Promise<{ status: number; body: SearchResponse }> {
  // As a service: mock auth drops the calling plugin from on-behalf-of-user tokens, and the
  // permission backend refuses user requests without one. Either caller goes the same way through
  // the search plugin's permission filtering to the engine.
  const response = await fetch(`${baseUrl}/api/search/query?${query}`, {
    headers: { authorization: mockCredentials.service.header() },
  });
  return { status: response.status, body: await response.json() };
}

describe('the portal search, wired as the backend wires it (Lunr on SQLite)', () => {
  it('answers a TechDocs-scoped query before any TechDocs are indexed, and finds an ml-model by name', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        testEntityProvider,
        permissionPlugin,
        mlopsPermissionPolicy,
        searchPlugin,
        searchModulePgEngine,
        searchModuleLunrEngine,
        searchModuleCatalogCollator,
        searchModuleTechDocsCollator,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            mlops: {
              permission: { adminGroups: ['group:default/ml-platform'] },
            },
            search: {
              collators: {
                catalog: { schedule: promptly },
                techdocs: { schedule: promptly },
              },
            },
          },
        }),
      ],
    });
    try {
      const { port } = backend.server.address() as { port: number };
      const baseUrl = `http://localhost:${port}`;

      // What the TechDocs reader's search bar asks on every docs page.
      const techdocsQuery =
        'term=&types%5B0%5D=techdocs&filters%5Bkind%5D=System&filters%5Bnamespace%5D=default&filters%5Bname%5D=mlops-portal';
      const beforeIndexing = await search(baseUrl, techdocsQuery);
      expect(beforeIndexing).toEqual({
        status: 200,
        body: expect.objectContaining({ results: [] }),
      });

      // The catalog collator indexes the ingested model once the catalog has processed it.
      const deadline = Date.now() + 20_000;
      let found: SearchResponse['results'] = [];
      while (!found.length && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 250));
        const { status, body } = await search(baseUrl, 'term=fraud-detector');
        expect(status).toBe(200);
        found = body.results.filter(r => r.document.title === 'fraud-detector');
      }
      expect(found).toEqual([
        expect.objectContaining({
          type: 'software-catalog',
          document: expect.objectContaining({
            title: 'fraud-detector',
            kind: 'Resource',
            type: 'ml-model',
            location: '/catalog/default/resource/fraud-detector',
          }),
        }),
      ]);

      // The TechDocs collator has run by now too, and found no built docs to index.
      const afterCollation = await search(baseUrl, techdocsQuery);
      expect(afterCollation).toEqual({
        status: 200,
        body: expect.objectContaining({ results: [] }),
      });
    } finally {
      await backend.stop();
    }
  });
});
