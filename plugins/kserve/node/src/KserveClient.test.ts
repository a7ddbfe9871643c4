import { ConflictError, InputError } from '@backstage/errors';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import { http, HttpResponse } from 'msw';
import {
  CLUSTER_URL,
  listBody,
  mswClient,
  statusBody,
  useMswServer,
} from './__testUtils__/mswCluster';
import { buildInferenceServiceObject } from './testUtils';

const server = useMswServer();
const fraud = buildInferenceServiceObject({
  namespace: 'fraud',
  name: 'fraud-detector',
  state: 'canary',
  resourceVersion: '7',
});

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** Answers every request with `answer` and records what was sent. */
function record(answer: () => Response = () => HttpResponse.json(fraud)) {
  const seen: Seen[] = [];
  server.use(
    http.all(`${CLUSTER_URL}/*`, async ({ request }) => {
      seen.push({
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: await request.text(),
      });
      return answer();
    }),
  );
  return seen;
}

describe('KserveClient', () => {
  describe('listInferenceServices', () => {
    it('lists one namespace below the cluster URL’s path prefix, with paging and selector', async () => {
      const seen = record(() =>
        HttpResponse.json(listBody([fraud], '42', 'next-page')),
      );
      const page = await mswClient({ pageSize: 250 }).listInferenceServices({
        namespace: 'fraud',
        labelSelector: 'team=fraud,!experimental',
        continueToken: 'this-page',
      });
      expect(page).toEqual({
        items: [fraud],
        continueToken: 'next-page',
        resourceVersion: '42',
      });
      expect(seen[0].method).toBe('GET');
      expect(seen[0].url.pathname).toBe(
        '/proxy/k8s/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices',
      );
      expect(Object.fromEntries(seen[0].url.searchParams)).toEqual({
        limit: '250',
        continue: 'this-page',
        labelSelector: 'team=fraud,!experimental',
      });
      expect(seen[0].headers.get('authorization')).toBe('Bearer prod-token');
    });

    it('lists every namespace, the given limit, and says a last page has no continue token', async () => {
      const seen = record(() =>
        HttpResponse.json(
          listBody([{ ...fraud, apiVersion: undefined, kind: undefined }]),
        ),
      );
      const page = await mswClient().listInferenceServices({ limit: 3 });
      expect(seen[0].url.pathname).toBe(
        '/proxy/k8s/apis/serving.kserve.io/v1beta1/inferenceservices',
      );
      expect(seen[0].url.searchParams.get('limit')).toBe('3');
      expect(page.continueToken).toBeUndefined();
      // List items may leave out apiVersion and kind; the page says them.
      expect(page.items[0]).toMatchObject({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
      });
    });

    it.each([
      [{ namespace: 'Fraud_Team' }, 'is not a Kubernetes namespace'],
      [{ limit: 0 }, 'limit must be an integer from 1 to 5000'],
      [{ limit: 5001 }, 'limit must be an integer from 1 to 5000'],
      [{ labelSelector: 'team in (a' }, 'is not a Kubernetes label selector'],
    ])('refuses %j before sending anything', async (options, message) => {
      const seen = record();
      await expect(mswClient().listInferenceServices(options)).rejects.toThrow(
        InputError,
      );
      await expect(mswClient().listInferenceServices(options)).rejects.toThrow(
        message,
      );
      expect(seen).toEqual([]);
    });
  });

  describe('getInferenceService', () => {
    it('reads one, caches it, and reads past the cache when fresh', async () => {
      const seen = record();
      const client = mswClient({ cacheTtlMs: 60_000 });
      const ref = { namespace: 'fraud', name: 'fraud-detector' };
      expect(await client.getInferenceService(ref)).toEqual(fraud);
      expect(await client.getInferenceService(ref)).toEqual(fraud);
      expect(seen).toHaveLength(1);
      expect(seen[0].url.pathname).toBe(
        '/proxy/k8s/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices/fraud-detector',
      );
      await client.getInferenceService(ref, { fresh: true });
      expect(seen).toHaveLength(2);
    });

    it('drops its cached reads when it patches', async () => {
      const seen = record();
      const client = mswClient({ cacheTtlMs: 60_000 });
      const ref = { namespace: 'fraud', name: 'fraud-detector' };
      await client.getInferenceService(ref);
      await client.patchCanaryTrafficPercent(ref, 30, '7');
      await client.getInferenceService(ref);
      expect(seen.map(s => s.method)).toEqual(['GET', 'PATCH', 'GET']);
    });

    it('refuses an answer about another object', async () => {
      record();
      const error = await mswClient()
        .getInferenceService({ namespace: 'fraud', name: 'other' })
        .catch(e => e);
      expect(error.name).toBe('ServiceUnavailableError');
      expect(error.message).toContain(
        'answered something that is not InferenceService fraud/other: it is fraud/fraud-detector',
      );
      expect(getUpstreamErrorDetails(error)).toMatchObject({
        kind: 'invalid-response',
        instance: 'prod',
        path: '/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices/other',
      });
    });
  });

  describe('patchCanaryTrafficPercent', () => {
    const ref = { namespace: 'fraud', name: 'fraud-detector' };

    it('sends a merge patch that carries the resourceVersion it is based on', async () => {
      const seen = record();
      const answer = await mswClient().patchCanaryTrafficPercent(ref, 35, '7');
      expect(answer).toEqual(fraud);
      expect(seen[0].method).toBe('PATCH');
      expect(seen[0].headers.get('content-type')).toBe(
        'application/merge-patch+json',
      );
      expect(JSON.parse(seen[0].body)).toEqual({
        metadata: { resourceVersion: '7' },
        spec: { predictor: { canaryTrafficPercent: 35 } },
      });
    });

    it('says a 409 means the InferenceService changed meanwhile', async () => {
      record(() =>
        HttpResponse.json(
          statusBody(
            409,
            'Conflict',
            'Operation cannot be fulfilled on inferenceservices.serving.kserve.io "fraud-detector": the object has been modified; please apply your changes to the latest version and try again',
          ),
          { status: 409 },
        ),
      );
      const error = await mswClient()
        .patchCanaryTrafficPercent(ref, 0, '6')
        .catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        "kserve instance 'prod': InferenceService fraud/fraud-detector changed meanwhile (it is no longer at resourceVersion 6); reload it and try again",
      );
      expect(getUpstreamErrorDetails(error)).toMatchObject({
        system: 'kserve',
        instance: 'prod',
        method: 'PATCH',
        path: '/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices/fraud-detector',
        status: 409,
        code: 'Conflict',
      });
    });

    it.each([
      [-1, '7', 'a whole number from 0 to 100, got -1'],
      [101, '7', 'a whole number from 0 to 100, got 101'],
      [12.5, '7', 'a whole number from 0 to 100, got 12.5'],
      [NaN, '7', 'a whole number from 0 to 100'],
      [10, '', 'The resourceVersion the change is based on is required'],
    ])(
      'refuses %p at resourceVersion %j before sending',
      async (percent, rv, message) => {
        const seen = record();
        await expect(
          mswClient().patchCanaryTrafficPercent(ref, percent, rv),
        ).rejects.toThrow(message);
        expect(seen).toEqual([]);
      },
    );
  });

  describe('applyInferenceService', () => {
    const manifest = buildInferenceServiceObject({
      namespace: 'fraud',
      name: 'fraud-detector',
    });

    it('sends a server-side apply with its field manager, force and dry run', async () => {
      const seen = record(() => HttpResponse.json(manifest, { status: 201 }));
      const result = await mswClient().applyInferenceService(manifest, {
        fieldManager: 'backstage-scaffolder',
        force: true,
        dryRun: true,
      });
      expect(result.created).toBe(true);
      expect(seen[0].method).toBe('PATCH');
      expect(seen[0].headers.get('content-type')).toBe(
        'application/apply-patch+yaml',
      );
      expect(Object.fromEntries(seen[0].url.searchParams)).toEqual({
        fieldManager: 'backstage-scaffolder',
        force: 'true',
        dryRun: 'All',
      });
      expect(JSON.parse(seen[0].body)).toEqual(manifest);
    });

    it('says an update is not a creation, and names the fields the server dropped', async () => {
      const stored = structuredClone(manifest);
      const sent = structuredClone(manifest);
      (sent.spec as any).predictor.model.storageURI = 's3://typo';
      (sent.spec as any).predictor.containers = [{ name: 'x', bogus: 1 }];
      (stored.spec as any).predictor.containers = [{ name: 'x' }];
      const seen = record(() => HttpResponse.json(stored));
      const result = await mswClient().applyInferenceService(sent, {
        fieldManager: 'portal',
      });
      expect(Object.fromEntries(seen[0].url.searchParams)).toEqual({
        fieldManager: 'portal',
      });
      expect(result.created).toBe(false);
      expect(result.prunedFields).toEqual([
        'spec.predictor.model.storageURI',
        'spec.predictor.containers[0].bogus',
      ]);
    });

    it('says a field manager conflict needs force', async () => {
      record(() =>
        HttpResponse.json(
          statusBody(
            409,
            'Conflict',
            'Apply failed with 1 conflict: conflict with "kubectl": .spec.predictor.canaryTrafficPercent',
          ),
          { status: 409 },
        ),
      );
      await expect(
        mswClient().applyInferenceService(manifest, { fieldManager: 'portal' }),
      ).rejects.toThrow(
        /has fields another field manager owns \(Apply failed with 1 conflict.*\); apply with force/,
      );
    });

    it.each([
      [
        { ...manifest, kind: 'Deployment' },
        'portal',
        'must be a serving.kserve.io/v1beta1 InferenceService',
      ],
      [
        { ...manifest, apiVersion: 'serving.kserve.io/v1alpha1' },
        'portal',
        'InferenceService',
      ],
      [
        { ...manifest, metadata: { name: 'Fraud', namespace: 'fraud' } },
        'portal',
        'not a Kubernetes object name',
      ],
      [
        { ...manifest, metadata: { name: 'fraud' } },
        'portal',
        'not a Kubernetes namespace',
      ],
      [
        manifest,
        '',
        'fieldManager must be 1 to 128 printable ASCII characters',
      ],
    ])(
      'refuses a bad manifest or field manager before sending (%#)',
      async (bad, fieldManager, message) => {
        const seen = record();
        await expect(
          mswClient().applyInferenceService(bad as any, { fieldManager }),
        ).rejects.toThrow(message);
        expect(seen).toEqual([]);
      },
    );
  });

  describe('listEvents', () => {
    it('selects the object’s events by kind, name and uid and maps them newest first', async () => {
      const seen = record(() =>
        HttpResponse.json({
          kind: 'EventList',
          apiVersion: 'v1',
          metadata: { resourceVersion: '9' },
          items: [
            {
              metadata: { name: 'a', namespace: 'fraud' },
              involvedObject: {
                kind: 'InferenceService',
                name: 'fraud-detector',
              },
              type: 'Normal',
              reason: 'Created',
              count: 1,
              lastTimestamp: '2026-10-31T08:00:00Z',
              source: { component: 'kserve-controller' },
            },
            {
              metadata: { name: 'b', namespace: 'fraud' },
              involvedObject: {
                kind: 'InferenceService',
                name: 'fraud-detector',
              },
              type: 'Warning',
              reason: 'RevisionFailed',
              message: 'CrashLoopBackOff',
              eventTime: '2026-10-31T08:05:00.000000Z',
              series: {
                count: 7,
                lastObservedTime: '2026-10-31T09:00:00.000000Z',
              },
              reportingComponent: 'knative-serving',
            },
            {
              metadata: { name: 'c', namespace: 'fraud' },
              lastTimestamp: 'not a time',
            },
          ],
        }),
      );
      const events = await mswClient().listEvents(
        { namespace: 'fraud', name: 'fraud-detector', uid: 'u-1' },
        { limit: 10 },
      );
      expect(seen[0].url.pathname).toBe(
        '/proxy/k8s/api/v1/namespaces/fraud/events',
      );
      expect(seen[0].url.searchParams.get('fieldSelector')).toBe(
        'involvedObject.kind=InferenceService,involvedObject.name=fraud-detector,involvedObject.uid=u-1',
      );
      expect(events).toEqual([
        {
          type: 'Warning',
          reason: 'RevisionFailed',
          message: 'CrashLoopBackOff',
          count: 7,
          lastSeen: '2026-10-31T09:00:00.000Z',
          source: 'knative-serving',
        },
        {
          type: 'Normal',
          reason: 'Created',
          count: 1,
          lastSeen: '2026-10-31T08:00:00.000Z',
          source: 'kserve-controller',
        },
        { type: 'Normal' },
      ]);
    });
  });
});
