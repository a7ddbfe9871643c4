import { mockServices } from '@backstage/backend-test-utils';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { describeInferenceService } from '@mlops-portal/plugin-kserve-common';
import { WatchExpiredError } from './errors';
import type {
  InferenceServiceObject,
  InferenceServiceWatchEvent,
} from './KserveApi';
import { KserveClient } from './KserveClient';
import {
  buildInferenceServiceObject,
  describeWithKubeApiServer,
  inferenceServiceManifest,
  InferenceServiceFixtureState,
  KubeApiServer,
} from './testUtils';

jest.setTimeout(30_000);

const logger = mockServices.logger.mock();

/** The server's own client, for what the client under test does not do (delete). */
function rawApi(server: KubeApiServer) {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'raw', server: server.url, skipTLSVerify: true }],
    users: [{ name: 'raw', token: server.token }],
    contexts: [{ name: 'raw', cluster: 'raw', user: 'raw' }],
    currentContext: 'raw',
  });
  return config.makeApiClient(CustomObjectsApi);
}

describeWithKubeApiServer(
  'KserveClient reading from a real kube-apiserver',
  server => {
    const client = (name = 'kube', overrides = {}) =>
      new KserveClient({
        instance: server().clusterConfig(name, overrides),
        logger,
      });
    const create = async (
      kserve: KserveClient,
      object: InferenceServiceObject,
    ) =>
      (
        await kserve.applyInferenceService(inferenceServiceManifest(object), {
          fieldManager: 'kserve-tests',
        })
      ).object;

    it('lists across two namespaces and two cluster entries, by namespace and label', async () => {
      const [a, b] = [
        await server().createNamespace('list-a'),
        await server().createNamespace('list-b'),
      ];
      const east = client('east', { namespaces: [a] });
      const west = client('west', {
        namespaces: [a, b],
        labelSelector: 'tier=gold',
      });
      const run = a; // a label no other test's objects carry
      for (const [namespace, name, tier] of [
        [a, 'fraud', 'gold'],
        [a, 'churn', 'silver'],
        [b, 'ranking', 'gold'],
      ]) {
        await create(
          east,
          buildInferenceServiceObject({
            namespace,
            name,
            labels: { tier, run },
          }),
        );
      }
      const listed = async (kserve: KserveClient) => {
        const names: string[] = [];
        for (const namespace of kserve.cluster.namespaces) {
          const page = await kserve.listInferenceServices({
            namespace,
            labelSelector: kserve.cluster.labelSelector,
          });
          expect(page.resourceVersion).toMatch(/^\d+$/);
          names.push(
            ...page.items.map(
              i => `${i.metadata.namespace}/${i.metadata.name}`,
            ),
          );
        }
        return names.sort();
      };
      expect(await listed(east)).toEqual([`${a}/churn`, `${a}/fraud`]);
      expect(await listed(west)).toEqual([`${a}/fraud`, `${b}/ranking`]);

      const everywhere = await east.listInferenceServices({
        labelSelector: `run=${run}`,
      });
      expect(everywhere.items.map(i => i.metadata.namespace).sort()).toEqual([
        a,
        a,
        b,
      ]);
      expect(everywhere.items[0]).toMatchObject({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
      });
    });

    it('pages with limit and continue, each object once', async () => {
      const namespace = await server().createNamespace('paging');
      const kserve = client();
      const names = ['a', 'b', 'c', 'd', 'e'];
      for (const name of names) {
        await create(kserve, buildInferenceServiceObject({ namespace, name }));
      }
      const pages: string[][] = [];
      let continueToken: string | undefined;
      do {
        const page = await kserve.listInferenceServices({
          namespace,
          limit: 2,
          continueToken,
        });
        pages.push(page.items.map(i => i.metadata.name));
        continueToken = page.continueToken;
      } while (continueToken);
      expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    });

    it.each<[InferenceServiceFixtureState, string, number | undefined]>([
      ['ready', 'Ready', undefined],
      ['canary', 'Canary', 20],
      ['degraded', 'Degraded', undefined],
      ['failed', 'Failed', undefined],
      ['progressing', 'Progressing', undefined],
      ['stopped', 'Stopped', undefined],
      ['no-status', 'Progressing', undefined],
    ])(
      'reads a %s status written through the status subresource as %s',
      async (state, verdict, canaryPercent) => {
        const namespace = await server().createNamespace(`verdict-${state}`);
        const kserve = client();
        const fixture = buildInferenceServiceObject({
          namespace,
          name: 'model',
          state,
          generation: 1,
        });
        await create(kserve, fixture);
        if (fixture.status !== undefined) {
          await server().writeStatus(namespace, 'model', fixture.status);
        }
        const stored = await kserve.getInferenceService(
          { namespace, name: 'model' },
          { fresh: true },
        );
        // The CRD keeps every status field KServe writes: nothing was pruned on the way.
        expect(stored.status).toEqual(fixture.status);
        const summary = describeInferenceService(stored, 'kube');
        expect(summary.verdict.kind).toBe(verdict);
        expect(summary.verdict.canaryPercent).toBe(canaryPercent);
      },
    );

    it('lists the core v1 events about one InferenceService, newest first', async () => {
      const namespace = await server().createNamespace('events');
      const kserve = client();
      const object = await create(
        kserve,
        buildInferenceServiceObject({ namespace, name: 'fraud' }),
      );
      const involved = {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        namespace,
        name: 'fraud',
        uid: object.metadata.uid,
      };
      const event = (name: string, fields: Record<string, unknown>) =>
        server().applyRaw({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { namespace, name },
          involvedObject: involved,
          type: 'Normal',
          ...fields,
        });
      await event('fraud.1', {
        reason: 'InferenceServiceReady',
        message: 'ready',
        count: 1,
        firstTimestamp: '2026-10-31T08:00:00Z',
        lastTimestamp: '2026-10-31T08:00:00Z',
        source: { component: 'kserve-controller' },
      });
      await event('fraud.2', {
        type: 'Warning',
        reason: 'RevisionFailed',
        message: 'CrashLoopBackOff',
        count: 4,
        firstTimestamp: '2026-10-31T08:10:00Z',
        lastTimestamp: '2026-10-31T08:30:00Z',
        source: { component: 'kserve-controller' },
      });
      // Recorded the events.k8s.io way: eventTime and series instead of timestamps and count.
      await event('fraud.3', {
        reason: 'UpdatedTraffic',
        message: 'canary at 20 %',
        eventTime: '2026-10-31T08:20:00.000000Z',
        series: { count: 3, lastObservedTime: '2026-10-31T08:40:00.000000Z' },
        reportingComponent: 'knative-serving',
        reportingInstance: 'controller-0',
        action: 'Update',
      });
      await server().applyRaw({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { namespace, name: 'other.1' },
        involvedObject: { ...involved, name: 'other', uid: 'x' },
        type: 'Normal',
        reason: 'Other',
      });

      const events = await kserve.listEvents({
        namespace,
        name: 'fraud',
        uid: object.metadata.uid,
      });
      expect(events).toEqual([
        {
          type: 'Normal',
          reason: 'UpdatedTraffic',
          message: 'canary at 20 %',
          count: 3,
          lastSeen: '2026-10-31T08:40:00.000Z',
          source: 'knative-serving',
        },
        {
          type: 'Warning',
          reason: 'RevisionFailed',
          message: 'CrashLoopBackOff',
          count: 4,
          lastSeen: '2026-10-31T08:30:00.000Z',
          source: 'kserve-controller',
        },
        {
          type: 'Normal',
          reason: 'InferenceServiceReady',
          message: 'ready',
          count: 1,
          lastSeen: '2026-10-31T08:00:00.000Z',
          source: 'kserve-controller',
        },
      ]);
      expect(
        await kserve.listEvents({ namespace, name: 'fraud' }, { limit: 1 }),
      ).toHaveLength(1);
    });

    it('watches ADDED, MODIFIED and DELETED from a list’s resourceVersion', async () => {
      const namespace = await server().createNamespace('watch');
      const kserve = client();
      const { resourceVersion } = await kserve.listInferenceServices({
        namespace,
      });
      const seen: InferenceServiceWatchEvent[] = [];
      const watch = await kserve.watchInferenceServices(
        { namespace, resourceVersion },
        event => seen.push(event),
      );
      const created = await create(
        kserve,
        buildInferenceServiceObject({
          namespace,
          name: 'fraud',
          state: 'canary',
        }),
      );
      await kserve.patchCanaryTrafficPercent(
        { namespace, name: 'fraud' },
        100,
        created.metadata.resourceVersion!,
      );
      await rawApi(server()).deleteNamespacedCustomObject({
        group: 'serving.kserve.io',
        version: 'v1beta1',
        plural: 'inferenceservices',
        namespace,
        name: 'fraud',
      });
      const changes = () =>
        seen
          .filter(e => e.type !== 'BOOKMARK')
          .map(e => `${e.type} ${e.object.metadata.name}`);
      for (let i = 0; i < 100 && changes().length < 3; i++) {
        await new Promise(r => setTimeout(r, 50));
      }
      expect(changes()).toEqual([
        'ADDED fraud',
        'MODIFIED fraud',
        'DELETED fraud',
      ]);
      watch.stop();
      await expect(watch.done).resolves.toBeUndefined();
    });

    it('resolves done when the server closes the watch', async () => {
      const namespace = await server().createNamespace('watch-close');
      const kserve = client();
      const { resourceVersion } = await kserve.listInferenceServices({
        namespace,
      });
      const started = Date.now();
      const watch = await kserve.watchInferenceServices(
        { namespace, resourceVersion, timeoutSeconds: 1 },
        () => undefined,
      );
      await expect(watch.done).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('says WatchExpiredError when the resourceVersion is older than the server keeps', async () => {
      const kserve = client();
      // Every test's writes have moved the server far past resourceVersion 1.
      const watch = await kserve.watchInferenceServices(
        { resourceVersion: '1' },
        () => undefined,
      );
      await expect(watch.done).rejects.toThrow(WatchExpiredError);
      await expect(watch.done).rejects.toThrow(/410.*list again/);
    });
  },
);
