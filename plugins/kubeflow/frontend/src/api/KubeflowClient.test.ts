import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { InputError, ResponseError } from '@backstage/errors';
import { KubeflowClient } from './KubeflowClient';

const server = setupServer();
registerMswTestHooks(server);

const base = 'http://example.com/api/kubeflow';
const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};
const entityPath =
  '/api/kubeflow/entity/default/component/fraud-detection-model';
const runId = '00000000-0000-4000-8000-000000000022';

function createClient() {
  return new KubeflowClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });
}

interface Seen {
  method: string;
  /** The raw path, as sent: encoding is what is under test. */
  path: string;
  search: string;
  auth: string | null;
  contentType: string | null;
  body?: unknown;
}

/** Records every request to the Kubeflow backend and answers with `answer`. */
function recordAll(answer: object = { items: [], errors: [] }): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        path: url.pathname,
        search: url.search,
        auth: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        ...(request.method === 'POST' && { body: await request.json() }),
      });
      return HttpResponse.json(answer);
    }),
  );
  return seen;
}

describe('KubeflowClient', () => {
  it('reads each route of an entity with the user token, the kind in lower case', async () => {
    const answer = { items: [], errors: [] };
    const seen = recordAll(answer);
    const client = createClient();

    expect(await client.getPipeline(entityRef)).toEqual(answer);
    await client.getRun(entityRef, runId);
    await client.getRecurringRuns(entityRef);
    await client.getExperiments(entityRef);
    await client.listInstances();

    expect(seen.map(s => `${s.method} ${s.path}${s.search}`)).toEqual([
      `GET ${entityPath}/pipeline`,
      `GET ${entityPath}/runs/${runId}`,
      `GET ${entityPath}/recurring-runs`,
      `GET ${entityPath}/experiments`,
      'GET /api/kubeflow/instances',
    ]);
    expect(seen.every(s => s.auth === 'Bearer user-token')).toBe(true);
  });

  it('sends the runs query: state, page size and the page token as given', async () => {
    const seen = recordAll();
    const client = createClient();
    // KFP page tokens are opaque base64, with + / and = that must arrive intact
    const pageToken = 'eyJTb3J0QnlGaWVsZCI6ImNyZWF0ZWRfYXQ+/w==';
    await client.getRuns(entityRef, {
      state: 'FAILED',
      pageSize: 25,
      pageToken,
    });
    await client.getRuns(entityRef);
    await client.getRuns(entityRef, { pageSize: 10, pageToken: '' });

    expect(seen.map(s => s.path)).toEqual([
      `${entityPath}/runs`,
      `${entityPath}/runs`,
      `${entityPath}/runs`,
    ]);
    expect(Object.fromEntries(new URLSearchParams(seen[0].search))).toEqual({
      state: 'FAILED',
      pageSize: '25',
      pageToken,
    });
    expect(seen[1].search).toBe('');
    // an empty token is the first page: not sent at all
    expect(seen[2].search).toBe('?pageSize=10');
  });

  it('encodes every path segment, so names and ids never change the route', async () => {
    const seen = recordAll();
    await createClient().getRun(
      { kind: 'Resource', namespace: 'team a', name: 'x/y' },
      'run?id#1',
    );
    expect(seen.map(s => s.path)).toEqual([
      '/api/kubeflow/entity/team%20a/resource/x%2Fy/runs/run%3Fid%231',
    ]);
  });

  it.each(['..', '.', ''])(
    'refuses the id %p that a URL would resolve away, sending nothing',
    async id => {
      const seen = recordAll();
      const error = await createClient()
        .setRecurringRunEnabled(entityRef, id, true)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(seen).toEqual([]);
    },
  );

  it('posts a new run and a recurring-run toggle as JSON to their routes', async () => {
    const seen = recordAll({ runId, name: 'r', url: 'http://kfp/run' });
    const client = createClient();

    expect(
      await client.createRun(entityRef, {
        pipelineVersionId: 'v2',
        name: 'retrain',
        parameters: { epochs: 10, features: ['amount'], nested: { a: 1 } },
      }),
    ).toEqual({ runId, name: 'r', url: 'http://kfp/run' });
    await client.setRecurringRunEnabled(entityRef, 'rr-1', false);

    expect(
      seen.map(({ method, path, body, contentType }) => ({
        method,
        path,
        body,
        contentType,
      })),
    ).toEqual([
      {
        method: 'POST',
        path: `${entityPath}/runs`,
        contentType: 'application/json',
        body: {
          pipelineVersionId: 'v2',
          name: 'retrain',
          parameters: { epochs: 10, features: ['amount'], nested: { a: 1 } },
        },
      },
      {
        method: 'POST',
        path: `${entityPath}/recurring-runs/rr-1/enabled`,
        contentType: 'application/json',
        body: { enabled: false },
      },
    ]);
  });

  it.each([
    [
      400,
      'InputError',
      "parameter 'epochs' is required (an integer); parameter 'lr' is not declared",
    ],
    [403, 'NotAllowedError', 'user:default/guest may not start runs'],
    [404, 'NotFoundError', "pipeline 'fraud' not found"],
    [500, 'Error', 'boom'],
  ])(
    'turns a %p Backstage error into a ResponseError with the backend message',
    async (status, name, message) => {
      server.use(
        http.post(
          `${base}/entity/default/component/fraud-detection-model/runs`,
          () =>
            HttpResponse.json(
              {
                error: { name, message },
                request: { method: 'POST', url: '/runs' },
                response: { statusCode: status },
              },
              { status },
            ),
        ),
      );
      const error = await createClient()
        .createRun(entityRef, {})
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
        `${base}/entity/default/component/fraud-detection-model/pipeline`,
        () => new HttpResponse('Bad gateway', { status: 502 }),
      ),
    );
    const error = await createClient()
      .getPipeline(entityRef)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(502);
  });
});
