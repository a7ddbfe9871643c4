import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { FakeKserveCluster } from '@mlops-portal/plugin-kserve-node/testUtils';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import {
  annotatingComponent,
  deny,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  ENTITIES,
  ingestedComponent,
  ISVC,
  patches,
  traffic,
  useKserveBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const versionOf = (cluster: FakeKserveCluster, ref: NamespacedName) =>
  cluster.peek(ref)!.metadata.resourceVersion!;

describe('kserve backend plugin: who may change traffic, and cluster failures', () => {
  const { start } = useKserveBackend();

  describe('403: the ingested Component decides', () => {
    it('refuses without permission: nothing patched, the attempt audited as failed', async () => {
      const { server, prod, audit } = await start({
        decide: deny('kserve.canary.update'),
      });
      const response = await request(server)
        .post(traffic())
        .send({
          change: { kind: 'promote' },
          resourceVersion: versionOf(prod, ISVC.fraud),
        });
      expect(response.status).toBe(403);
      expect(response.body.error.name).toBe('NotAllowedError');
      expect(response.body.error.message).toMatch(
        /owned by 'group:default\/fraud-detection'/,
      );
      expect(patches(prod)).toEqual([]);
      expect(audit.map(a => [a.eventId, a.status])).toEqual([
        ['kserve-canary-promote', 'initiated'],
        ['kserve-canary-promote', 'failed'],
      ]);
    });

    // Mallory's own Component names the fraud team's InferenceService; Mallory may change
    // anything Mallory owns, and nothing else.
    const takeover = annotatingComponent(
      'fraud-takeover',
      { 'kserve.io/inference-service': 'models/fraud-detector' },
      'group:default/mallory',
    );
    const mallory = ({
      permission,
      resourceRef,
    }: {
      permission: string;
      resourceRef?: string;
    }) =>
      permission.startsWith('kserve.') &&
      resourceRef !== 'component:default/fraud-takeover'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;

    it('refuses a user who owns only an entity that annotates the InferenceService (takeover)', async () => {
      const { server, prod, audit } = await start({
        entities: [...ENTITIES, takeover],
        decide: mallory,
      });
      const read = await request(server).get(
        '/api/kserve/entity/default/component/fraud-takeover/serving',
      );
      expect(read.body.serving.allowed).toEqual({
        update: false,
        rollback: false,
      });
      for (const change of [{ kind: 'promote' }, { kind: 'rollback' }]) {
        const response = await request(server)
          .post(traffic('fraud-takeover'))
          .send({ change, resourceVersion: versionOf(prod, ISVC.fraud) });
        expect(response.status).toBe(403);
      }
      expect(patches(prod)).toEqual([]);
      expect(audit.filter(a => a.status === 'succeeded')).toEqual([]);
    });

    it('gives no authority to an entity of the Component’s name that the provider did not write', async () => {
      const lookAlike = ingestedComponent(ISVC.fraud, 'group:default/mallory', {
        location: 'url:https://example.com/catalog-info.yaml',
      });
      const { server, prod } = await start({
        entities: [
          ...ENTITIES.filter(
            e =>
              !(
                e.metadata.name === lookAlike.metadata.name &&
                e.metadata.namespace === lookAlike.metadata.namespace
              ),
          ),
          lookAlike,
          takeover,
        ],
        // Mallory holds every permission on what Mallory owns, and is no admin.
        decide: ({ permission }) =>
          permission === 'mlops.unmanaged-object.write'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const response = await request(server)
        .post(traffic('fraud-takeover'))
        .send({
          change: { kind: 'promote' },
          resourceVersion: versionOf(prod, ISVC.fraud),
        });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(
        /only admins may change it, because 'component:models\/fraud-detector' was not ingested by the KServe catalog provider/,
      );
      expect(patches(prod)).toEqual([]);
    });
  });

  describe('cluster failures', () => {
    it('answers 503 naming a cluster that is down', async () => {
      const { server } = await start();
      const response = await request(server)
        .post(traffic('fraud-on-a-dead-cluster'))
        .send({ change: { kind: 'promote' }, resourceVersion: '1' });
      expect(response.status).toBe(503);
      expect(response.body.error.message).toMatch(/down/);
    });

    it('answers 404 for an InferenceService the cluster does not have', async () => {
      const { server, audit } = await start();
      const response = await request(server)
        .post(traffic('missing-isvc'))
        .send({ change: { kind: 'promote' }, resourceVersion: '1' });
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(
        'InferenceService models/no-such-model not found on cluster prod',
      );
      expect(audit).toEqual([]);
    });
  });
});
