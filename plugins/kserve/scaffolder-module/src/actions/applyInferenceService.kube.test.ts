import { mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { KserveClient } from '@mlops-portal/plugin-kserve-node';
import { describeWithKubeApiServer } from '@mlops-portal/plugin-kserve-node/testUtils';
import { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import {
  mockReadCache,
  mockWritePipeline,
  silentLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  createTestContext,
  fakeClusterClients,
  ingestedModelServer,
  newManifest,
} from '../__testUtils__/testActions';
import { createKserveInferenceServiceApplyAction } from './applyInferenceService';

// Starting the API server takes seconds; each apply is a few requests to it.
jest.setTimeout(120_000);

const model = (newManifest().spec as { predictor: JsonObject }).predictor;

type ManagedFields = Array<{
  manager: string;
  operation: string;
  fieldsV1?: JsonObject;
}>;

describeWithKubeApiServer(
  'kserve:inferenceservice:apply on a real API server with the KServe CRD',
  server => {
    /** The action on the test server as cluster `kube`, the InferenceService's Component ingested. */
    async function setUp() {
      const namespace = await server().createNamespace('apply');
      const ref: NamespacedName = { namespace, name: 'credit-scorer' };
      const client = new KserveClient({
        instance: server().clusterConfig('kube'),
        logger: silentLogger,
        readCache: mockReadCache(),
      });
      const clients = fakeClusterClients([client]);
      const writes = mockWritePipeline({
        auth: mockServices.auth(),
        entities: [ingestedModelServer(clients, 'kube', ref)],
      });
      const apply = createKserveInferenceServiceApplyAction({
        clients,
        pipeline: writes.pipeline,
      });
      const run = async (input: JsonObject, options = {}) => {
        const context = createTestContext(input, options);
        await apply.handler(context.ctx);
        return context;
      };
      return { ...writes, namespace, ref, client, apply, run };
    }

    it('creates the InferenceService, then updates it: a new generation and resourceVersion, its fields owned by the field manager', async () => {
      const { namespace, ref, client, run, audit } = await setUp();

      const first = await run({ manifest: newManifest({ namespace }) });
      const created = await client.getInferenceService(ref, { fresh: true });
      expect(first.outputs).toMatchObject({
        cluster: 'kube',
        namespace,
        name: 'credit-scorer',
        created: true,
        resourceVersion: created.metadata.resourceVersion,
        uid: created.metadata.uid,
        prunedFields: [],
        entityRef: `component:${namespace}/credit-scorer`,
      });
      expect(created.metadata.generation).toBe(1);

      const second = await run({
        manifest: newManifest(
          { namespace },
          { predictor: { ...model, minReplicas: 2 } },
        ),
      });
      const updated = await client.getInferenceService(ref, { fresh: true });
      expect(second.outputs).toMatchObject({
        created: false,
        resourceVersion: updated.metadata.resourceVersion,
        uid: created.metadata.uid,
      });
      expect(updated.metadata.generation).toBe(2);
      expect(updated.metadata.resourceVersion).not.toBe(
        created.metadata.resourceVersion,
      );
      expect(updated.spec).toMatchObject({ predictor: { minReplicas: 2 } });
      const managers = (updated.metadata.managedFields as ManagedFields).map(
        entry => [entry.manager, entry.operation],
      );
      expect(managers).toContainEqual(['backstage-mlops-portal', 'Apply']);
      expect(
        audit.filter(a => a.status === 'succeeded').map(a => a.meta),
      ).toEqual([
        expect.objectContaining({
          operation: 'create',
          created: true,
          before: null,
          after: {
            resourceVersion: created.metadata.resourceVersion,
            generation: 1,
          },
        }),
        expect.objectContaining({
          operation: 'update',
          created: false,
          authority: `component:${namespace}/credit-scorer`,
          before: {
            resourceVersion: created.metadata.resourceVersion,
            generation: 1,
          },
          after: {
            resourceVersion: updated.metadata.resourceVersion,
            generation: 2,
          },
        }),
      ]);
    });

    it('reports a field the CRD does not know: refused by default, applied without it with allowPrunedFields', async () => {
      const { namespace, ref, client, run } = await setUp();
      const misspelt = newManifest(
        { namespace },
        {
          predictor: {
            model: {
              ...(model.model as JsonObject),
              storageURI: 'models:/credit-scorer/2',
            },
          },
        },
      );

      await expect(run({ manifest: misspelt })).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(
          'the CRD does not know spec.predictor.model.storageURI; the server would drop it',
        ),
      });
      // Only the server's dry run saw it.
      await expect(
        client.getInferenceService(ref, { fresh: true }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });

      const allowed = await run({
        manifest: misspelt,
        allowPrunedFields: true,
      });
      expect(allowed.outputs).toMatchObject({
        created: true,
        prunedFields: ['spec.predictor.model.storageURI'],
      });
      const stored = await client.getInferenceService(ref, { fresh: true });
      expect(stored.spec).toMatchObject({
        predictor: { model: { storageUri: 'models:/credit-scorer@champion' } },
      });
      expect(
        (stored.spec as { predictor: { model: JsonObject } }).predictor.model,
      ).not.toHaveProperty('storageURI');
    });

    it("refuses what the CRD's schema refuses with the server's causes, and a dry run stores nothing", async () => {
      const { namespace, ref, client, run } = await setUp();

      await expect(
        run({
          manifest: newManifest(
            { namespace },
            { predictor: { ...model, canaryTrafficPercent: 'ten' } },
          ),
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          /^The API server refuses InferenceService .*canaryTrafficPercent/,
        ),
      });

      const dryRun = await run(
        { manifest: newManifest({ namespace }) },
        { isDryRun: true },
      );
      expect(dryRun.outputs).toMatchObject({ created: true });
      await expect(
        client.getInferenceService(ref, { fresh: true }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('refuses to take over fields another field manager owns, unless forced', async () => {
      const { namespace, ref, client, run } = await setUp();
      const withReplicas = (minReplicas: number) =>
        newManifest({ namespace }, { predictor: { ...model, minReplicas } });
      await run({ manifest: withReplicas(1), fieldManager: 'release-bot' });

      await expect(run({ manifest: withReplicas(3) })).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(
          /has fields another field manager owns .*release-bot.*set force: true/,
        ),
      });

      await run({ manifest: withReplicas(3), force: true });
      const stored = await client.getInferenceService(ref, { fresh: true });
      expect(stored.spec).toMatchObject({ predictor: { minReplicas: 3 } });
    });
  },
);
