import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { InputError, ResponseError } from '@backstage/errors';
import { canaryObject, servingOf } from '../__fixtures__/data';
import { KserveClient } from './KserveClient';

const server = setupServer();
registerMswTestHooks(server);

const base = 'http://example.com/api/kserve';
const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};
const entityPath = '/api/kserve/entity/default/component/fraud-detection-model';

function createClient() {
  return new KserveClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });
}

interface Seen {
  method: string;
  /** The raw path, as sent: encoding is what is under test. */
  path: string;
  auth: string | null;
  contentType: string | null;
  body?: unknown;
}

/** Records every request to the KServe backend and answers with `answer`. */
function recordAll(answer: object): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        path: url.pathname,
        auth: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        ...(request.method === 'POST' && { body: await request.json() }),
      });
      return HttpResponse.json(answer);
    }),
  );
  return seen;
}

function backstageError(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/serving/traffic' },
      response: { statusCode: status },
    },
    { status },
  );
}

describe('KserveClient', () => {
  it('reads the serving state and the clusters with the user token, the kind in lower case', async () => {
    const answer = { serving: servingOf(canaryObject) };
    const seen = recordAll(answer);
    const client = createClient();

    expect(await client.getServing(entityRef)).toEqual(answer);
    await client.listClusters();

    expect(seen.map(s => `${s.method} ${s.path}`)).toEqual([
      `GET ${entityPath}/serving`,
      'GET /api/kserve/clusters',
    ]);
    expect(seen.every(s => s.auth === 'Bearer user-token')).toBe(true);
    expect(seen.every(s => s.contentType === null)).toBe(true);
  });

  it('posts a traffic change with its resourceVersion as JSON and hands back the answer', async () => {
    const answer = servingOf(canaryObject);
    const seen = recordAll(answer);
    const request = {
      change: { kind: 'set' as const, percent: 35 },
      resourceVersion: '48213',
    };
    expect(await createClient().changeTraffic(entityRef, request)).toEqual(
      answer,
    );
    expect(seen).toEqual([
      {
        method: 'POST',
        path: `${entityPath}/serving/traffic`,
        auth: 'Bearer user-token',
        contentType: 'application/json',
        body: request,
      },
    ]);
  });

  it('encodes every path segment, so names never change the route', async () => {
    const seen = recordAll({});
    await createClient().getServing({
      kind: 'Component',
      namespace: 'team a',
      name: 'x/y?z#1',
    });
    expect(seen.map(s => s.path)).toEqual([
      '/api/kserve/entity/team%20a/component/x%2Fy%3Fz%231/serving',
    ]);
  });

  it.each(['..', '.', ''])(
    'refuses the name %p that a URL would resolve away, sending nothing',
    async name => {
      const seen = recordAll({});
      const error = await createClient()
        .getServing({ kind: 'Component', namespace: 'default', name })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(seen).toEqual([]);
    },
  );

  it.each([
    [
      409,
      'ConflictError',
      'InferenceService fraud-detection/fraud-detector changed meanwhile (resourceVersion 48213 is stale); reload and decide again',
    ],
    [403, 'NotAllowedError', 'user:default/guest may not update the canary'],
    [400, 'InputError', 'KServe has no canary rollout in RawDeployment mode'],
    [404, 'NotFoundError', 'InferenceService fraud-detection/x not found'],
    [500, 'Error', 'boom'],
  ])(
    'turns a %p Backstage error into a ResponseError with the backend message',
    async (status, name, message) => {
      server.use(
        http.post(
          `${base}/entity/default/component/fraud-detection-model/serving/traffic`,
          () => backstageError(status, name, message),
        ),
      );
      const error = await createClient()
        .changeTraffic(entityRef, {
          change: { kind: 'promote' },
          resourceVersion: '48213',
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect((error as ResponseError).response.status).toBe(status);
      expect((error as ResponseError).body.error.name).toBe(name);
      expect((error as ResponseError).cause.message).toBe(message);
    },
  );

  it('turns a non-JSON failure into a ResponseError too', async () => {
    server.use(
      http.get(
        `${base}/entity/default/component/fraud-detection-model/serving`,
        () => new HttpResponse('Bad gateway', { status: 502 }),
      ),
    );
    const error = await createClient()
      .getServing(entityRef)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(502);
  });
});
