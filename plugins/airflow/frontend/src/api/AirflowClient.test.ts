import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { InputError, ResponseError } from '@backstage/errors';
import { AirflowClient } from './AirflowClient';

const server = setupServer();
registerMswTestHooks(server);

const base = 'http://example.com/api/airflow';
const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};
const entityBase = `${base}/entity/default/component/fraud-detection-model`;
const runId = 'manual__2026-10-22T09:14:03+00:00';

function createClient() {
  return new AirflowClient({
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
  body?: unknown;
}

/** Records every request to the Airflow backend and answers with `answer`. */
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
        ...(request.method === 'POST' && { body: await request.json() }),
      });
      return HttpResponse.json(answer);
    }),
  );
  return seen;
}

describe('AirflowClient', () => {
  it('reads the DAGs of an entity with the user token, the kind in lower case', async () => {
    const answer = { items: [], errors: [] };
    const seen = recordAll(answer);
    expect(await createClient().getDags(entityRef)).toEqual(answer);
    expect(seen).toEqual([
      {
        method: 'GET',
        path: '/api/airflow/entity/default/component/fraud-detection-model/dags',
        search: '',
        auth: 'Bearer user-token',
      },
    ]);
  });

  it('encodes every path segment, so run ids with : and + arrive intact', async () => {
    const seen = recordAll({ items: [], errors: [], truncated: false });
    const client = createClient();
    await client.getTaskInstances(entityRef, 'train.v2', runId);
    await client.getTaskLog(
      { kind: 'Resource', namespace: 'team a', name: 'x/y' },
      'train.v2',
      runId,
      { taskId: 'fit model', tryNumber: 2, mapIndex: 3 },
    );
    await client.getTaskLog(entityRef, 'd', 'r', { taskId: 't', tryNumber: 1 });

    expect(seen.map(s => `${s.path}${s.search}`)).toEqual([
      '/api/airflow/entity/default/component/fraud-detection-model/dags/train.v2/runs/manual__2026-10-22T09%3A14%3A03%2B00%3A00/tasks',
      '/api/airflow/entity/team%20a/resource/x%2Fy/dags/train.v2/runs/manual__2026-10-22T09%3A14%3A03%2B00%3A00/tasks/fit%20model/logs/2?mapIndex=3',
      '/api/airflow/entity/default/component/fraud-detection-model/dags/d/runs/r/tasks/t/logs/1?mapIndex=-1',
    ]);
  });

  it('refuses ids that a URL would resolve as . or .., sending nothing', async () => {
    const seen = recordAll();
    const error = await createClient()
      .getTaskInstances(entityRef, 'dag', '..')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(seen).toEqual([]);
  });

  it('sends the runs query: states comma-separated, dates, limit and offset', async () => {
    const seen = recordAll();
    const client = createClient();
    await client.getRuns(entityRef, 'train', {
      state: ['failed', 'success'],
      since: '2026-10-01T00:00:00+00:00',
      until: '2026-10-22T00:00:00Z',
      limit: 25,
      offset: 50,
    });
    await client.getRuns(entityRef, 'train');
    await client.getRuns(entityRef, 'train', { state: [], offset: 0 });

    expect(seen.map(s => s.path)).toEqual([
      `/api/airflow/entity/default/component/fraud-detection-model/dags/train/runs`,
      `/api/airflow/entity/default/component/fraud-detection-model/dags/train/runs`,
      `/api/airflow/entity/default/component/fraud-detection-model/dags/train/runs`,
    ]);
    const query = new URLSearchParams(seen[0].search);
    expect(Object.fromEntries(query)).toEqual({
      state: 'failed,success',
      since: '2026-10-01T00:00:00+00:00',
      until: '2026-10-22T00:00:00Z',
      limit: '25',
      offset: '50',
    });
    expect(seen[1].search).toBe('');
    expect(seen[2].search).toBe('?offset=0');
  });

  it('posts trigger, pause and clear as JSON to their routes', async () => {
    const run = { dagId: 'train', runId, url: 'http://airflow/run' };
    const seen = recordAll({ item: run });
    const client = createClient();

    expect(
      await client.triggerRun(entityRef, 'train', {
        conf: { epochs: 10, nested: { a: [1] } },
        logicalDate: '2026-10-22T09:14:03.000Z',
        note: 'retrain',
      }),
    ).toEqual({ item: run });
    await client.setPaused(entityRef, 'train', { isPaused: true });
    await client.clearRun(entityRef, 'train', runId, { onlyFailed: false });

    const dags =
      '/api/airflow/entity/default/component/fraud-detection-model/dags';
    expect(
      seen.map(({ method, path, body }) => ({ method, path, body })),
    ).toEqual([
      {
        method: 'POST',
        path: `${dags}/train/runs`,
        body: {
          conf: { epochs: 10, nested: { a: [1] } },
          logicalDate: '2026-10-22T09:14:03.000Z',
          note: 'retrain',
        },
      },
      {
        method: 'POST',
        path: `${dags}/train/paused`,
        body: { isPaused: true },
      },
      {
        method: 'POST',
        path: `${dags}/train/runs/manual__2026-10-22T09%3A14%3A03%2B00%3A00/clear`,
        body: { onlyFailed: false },
      },
    ]);
  });

  it.each([
    [400, 'InputError', 'conf must be a JSON object'],
    [403, 'NotAllowedError', 'user:default/guest may not trigger train'],
    [404, 'NotFoundError', "DAG 'train' not found"],
    [500, 'Error', 'boom'],
  ])(
    'turns a %p Backstage error into a ResponseError with the backend message',
    async (status, name, message) => {
      server.use(
        http.post(`${entityBase}/dags/train/runs`, () =>
          HttpResponse.json(
            {
              error: { name, message },
              request: { method: 'POST', url: '/dags/train/runs' },
              response: { statusCode: status },
            },
            { status },
          ),
        ),
      );
      const error = await createClient()
        .triggerRun(entityRef, 'train', {})
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect((error as ResponseError).response.status).toBe(status);
      expect((error as ResponseError).body.error.name).toBe(name);
      expect((error as ResponseError).cause.message).toBe(message);
    },
  );
});
