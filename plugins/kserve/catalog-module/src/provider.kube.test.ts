import { KserveClient } from '@mlops-portal/plugin-kserve-node';
import {
  buildInferenceServiceObject,
  inferenceServiceManifest,
  describeWithKubeApiServer,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  expectValidEntity,
  silentLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  connectedProviders,
  deltas,
  eventually,
  lastFullEntities,
  refOf,
  stopProviders,
  testClusters,
} from './__testUtils__/provider';

afterEach(stopProviders);

/** What a user applies (no server-set metadata), and the status KServe's controller would write. */
function manifestAndStatus(
  fixture: Parameters<typeof buildInferenceServiceObject>[0],
) {
  const object = buildInferenceServiceObject(fixture);
  return { manifest: inferenceServiceManifest(object), status: object.status };
}

describeWithKubeApiServer(
  'KserveEntityProvider against a real kube-apiserver with the KServe CRD',
  server => {
    it('ingests an InferenceService by relist, then a label change and a new object through the watch', async () => {
      const api = server();
      const namespace = await api.createNamespace('catalog');
      const fraud = manifestAndStatus({
        namespace,
        name: 'fraud-detector',
        state: 'canary',
        labels: { owner: 'fraud-detection' },
      });
      await api.applyRaw(fraud.manifest);
      await api.writeStatus(namespace, 'fraud-detector', fraud.status);

      const client = new KserveClient({
        instance: api.clusterConfig('kube', { namespaces: [namespace] }),
        logger: silentLogger,
      });
      const { connections, runner, records } = await connectedProviders(
        testClusters(client),
      );
      const [connection] = connections;
      await runner.runAll();

      const entities = lastFullEntities(connection);
      expect(entities.map(refOf)).toEqual([
        `component:${namespace}/fraud-detector`,
        `api:${namespace}/fraud-detector`,
      ]);
      const [component] = entities;
      expect(component.spec?.owner).toBe('group:default/fraud-detection');
      expect(component.metadata.annotations?.['kserve.io/uid']).toMatch(
        /^[0-9a-f-]{36}$/,
      );
      expect(component.metadata.links?.[0].url).toBe(
        `http://fraud-detector.${namespace}.example.com`,
      );
      for (const entity of entities) {
        await expectValidEntity(entity);
      }

      // A label change: the watch brings it within seconds, with no relist.
      await api.applyRaw({
        ...fraud.manifest,
        metadata: { ...fraud.manifest.metadata, labels: { owner: 'risk' } },
      });
      await eventually(
        () =>
          deltas(connection).some(d =>
            d.added.some(e => e.entity.spec?.owner === 'group:default/risk'),
          ),
        10_000,
      );

      const churn = manifestAndStatus({ namespace, name: 'churn' });
      await api.applyRaw(churn.manifest);
      await eventually(
        () =>
          deltas(connection).some(d =>
            d.added.some(
              e => refOf(e.entity) === `component:${namespace}/churn`,
            ),
          ),
        10_000,
      );
      expect(
        connection.applyMutation.mock.calls.filter(([m]) => m.type === 'full'),
      ).toHaveLength(1);
      expect(records.filter(r => r.level === 'error')).toEqual([]);
    }, 60_000);
  },
);
