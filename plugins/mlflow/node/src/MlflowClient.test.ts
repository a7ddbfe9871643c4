import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  getUpstreamErrorDetails,
  READ_CACHE_MEMO_MS,
} from '@mlops-portal/plugin-mlops-node';
import {
  mockMemoryCache,
  mockReadCache,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { getMlflowErrorCode } from './errors';
import { MlflowInstanceConfig } from './MlflowApi';
import { MlflowClient, MlflowClientOptions } from './MlflowClient';

const BASE = 'http://mlflow.example.com/mlflow';
const API = `${BASE}/api/2.0/mlflow`;

const server = setupServer();
registerMswTestHooks(server);

function instance(
  overrides: Partial<MlflowInstanceConfig> = {},
): MlflowInstanceConfig {
  return {
    name: 'prod',
    baseUrl: BASE,
    uiUrl: BASE,
    auth: { type: 'none' },
    timeoutMs: 1_000,
    retries: 2,
    cacheTtlMs: 0,
    majorVersion: 3,
    ...overrides,
  };
}

function createClient(
  overrides: Partial<MlflowInstanceConfig> = {},
  options: Partial<MlflowClientOptions> = {},
) {
  return new MlflowClient({
    instance: instance(overrides),
    logger: mockServices.logger.mock(),
    sleep: async () => {},
    ...options,
  });
}

/** Records every request to the instance; answers 500 unless a more specific handler matches. */
function recordAllRequests(): Request[] {
  const requests: Request[] = [];
  server.events.on('request:start', ({ request }) => {
    requests.push(request.clone());
  });
  server.use(
    http.all(`${BASE}/*`, () =>
      HttpResponse.json(
        { error_code: 'INTERNAL_ERROR', message: 'unexpected request' },
        { status: 500 },
      ),
    ),
  );
  return requests;
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const mlflowError = (status: number, code: string, message: string) =>
  HttpResponse.json({ error_code: code, message }, { status });

afterEach(() => server.events.removeAllListeners());

describe('MlflowClient requests', () => {
  it('sends GET fields as query parameters, repeated fields as repeated keys', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${API}/registered-models/search`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({});
      }),
    );
    await createClient().searchRegisteredModels({
      filter: "name LIKE 'fraud%'",
      orderBy: ['name ASC', 'last_updated_timestamp DESC'],
      maxResults: 1000,
    });
    expect(url?.searchParams.get('filter')).toBe("name LIKE 'fraud%'");
    expect(url?.searchParams.getAll('order_by')).toEqual([
      'name ASC',
      'last_updated_timestamp DESC',
    ]);
    expect(url?.searchParams.get('max_results')).toBe('1000');
    expect(url?.searchParams.has('page_token')).toBe(false);
  });

  it('sends runs/search as a POST with a JSON body', async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/runs/search`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({});
      }),
    );
    await createClient().searchRuns({
      experimentIds: ['1', '2'],
      filter: 'metrics.auc > 0.9',
      orderBy: ['metrics.auc DESC'],
      maxResults: 25,
      pageToken: 'tok',
    });
    expect(body).toEqual({
      experiment_ids: ['1', '2'],
      filter: 'metrics.auc > 0.9',
      max_results: 25,
      order_by: ['metrics.auc DESC'],
      page_token: 'tok',
    });
  });

  it('deletes an alias with a JSON body', async () => {
    let seen: { method: string; body: unknown } | undefined;
    server.use(
      http.delete(`${API}/registered-models/alias`, async ({ request }) => {
        seen = { method: request.method, body: await request.json() };
        return HttpResponse.json({});
      }),
    );
    await createClient().deleteAlias('fraud-detector', 'challenger');
    expect(seen).toEqual({
      method: 'DELETE',
      body: { name: 'fraud-detector', alias: 'challenger' },
    });
  });
});

describe('MlflowClient paging', () => {
  it('round-trips page_token and ends on a page without one', async () => {
    const tokens: Array<string | null> = [];
    server.use(
      http.get(`${API}/registered-models/search`, ({ request }) => {
        const token = new URL(request.url).searchParams.get('page_token');
        tokens.push(token);
        return HttpResponse.json(
          token === null
            ? { registered_models: [{ name: 'a' }], next_page_token: 'p2' }
            : { registered_models: [{ name: 'b' }] },
        );
      }),
    );
    const client = createClient();
    const first = await client.searchRegisteredModels({ maxResults: 1 });
    expect(first).toEqual({ items: [{ name: 'a' }], nextPageToken: 'p2' });
    const second = await client.searchRegisteredModels({
      maxResults: 1,
      pageToken: first.nextPageToken,
    });
    expect(second).toEqual({
      items: [{ name: 'b' }],
      nextPageToken: undefined,
    });
    expect(tokens).toEqual([null, 'p2']);
  });

  it('reads a whole metric history over several pages at the largest page size', async () => {
    const seen: Array<Record<string, string>> = [];
    const points = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        key: 'loss',
        value: 1 / (from + i + 1),
        timestamp: 1_000 + from + i,
        step: from + i,
      }));
    server.use(
      http.get(`${API}/metrics/get-history`, ({ request }) => {
        const query = Object.fromEntries(new URL(request.url).searchParams);
        seen.push(query);
        const page = { undefined: 0, p2: 1, p3: 2 }[String(query.page_token)];
        return HttpResponse.json({
          metrics: points(page! * 3, 3),
          ...(page! < 2 && { next_page_token: `p${page! + 2}` }),
        });
      }),
    );
    const history = await createClient().getFullMetricHistory('r1', 'loss');
    expect(history.map(point => point.step)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(seen).toEqual([
      { run_id: 'r1', metric_key: 'loss', max_results: '25000' },
      {
        run_id: 'r1',
        metric_key: 'loss',
        max_results: '25000',
        page_token: 'p2',
      },
      {
        run_id: 'r1',
        metric_key: 'loss',
        max_results: '25000',
        page_token: 'p3',
      },
    ]);
  });
});

describe('MlflowClient responses', () => {
  it('treats omitted lists ({}) as an empty last page', async () => {
    server.use(http.post(`${API}/runs/search`, () => HttpResponse.json({})));
    await expect(
      createClient().searchRuns({ experimentIds: ['1'] }),
    ).resolves.toEqual({ items: [], nextPageToken: undefined });
  });

  it.each([
    ['a list', []],
    ['a string', 'ok'],
    ['null', null],
  ])('refuses a 2xx body that is %s, naming the instance', async (_, body) => {
    server.use(
      http.post(`${API}/runs/search`, () => HttpResponse.json(body as any)),
    );
    const error = await caught(
      createClient().searchRuns({ experimentIds: ['1'] }),
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^mlflow instance 'prod': runs\/search returned an unexpected body: expected a JSON object/,
    );
  });

  it('refuses an answer without the message it must carry', async () => {
    server.use(
      http.get(`${API}/registered-models/get`, () => HttpResponse.json({})),
    );
    const error = await caught(createClient().getRegisteredModel('m'));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain('answer.registered_model is missing');
  });

  it('refuses a list that is not a list of objects', async () => {
    server.use(
      http.get(`${API}/model-versions/search`, () =>
        HttpResponse.json({ model_versions: 'none' }),
      ),
    );
    await expect(createClient().searchModelVersions({})).rejects.toThrow(
      'answer.model_versions is a string, not a list',
    );
  });
});

describe('MlflowClient errors', () => {
  it('maps 404 RESOURCE_DOES_NOT_EXIST to NotFoundError naming the instance', async () => {
    server.use(
      http.get(`${API}/registered-models/get`, () =>
        mlflowError(
          404,
          'RESOURCE_DOES_NOT_EXIST',
          'Registered Model with name=nope not found',
        ),
      ),
    );
    const error = await caught(createClient().getRegisteredModel('nope'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      "mlflow instance 'prod': GET /api/2.0/mlflow/registered-models/get failed with 404 Not Found: RESOURCE_DOES_NOT_EXIST: Registered Model with name=nope not found",
    );
    expect(getMlflowErrorCode(error)).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('maps RESOURCE_DOES_NOT_EXIST to NotFoundError whatever the status', async () => {
    server.use(
      http.post(`${API}/model-versions/create`, () =>
        mlflowError(400, 'RESOURCE_DOES_NOT_EXIST', 'Run with id=x not found'),
      ),
    );
    await expect(
      createClient().createModelVersion({ name: 'm', source: 's', runId: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('maps MLflow 400 RESOURCE_ALREADY_EXISTS to ConflictError, keeping the upstream details', async () => {
    server.use(
      http.post(`${API}/registered-models/create`, () =>
        mlflowError(
          400,
          'RESOURCE_ALREADY_EXISTS',
          'Registered Model (name=m) already exists.',
        ),
      ),
    );
    const error = await caught(
      createClient().createRegisteredModel({ name: 'm' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("mlflow instance 'prod'");
    expect(error.message).toContain('already exists');
    expect(getMlflowErrorCode(error)).toBe('RESOURCE_ALREADY_EXISTS');
    expect(getUpstreamErrorDetails(error)).toMatchObject({
      instance: 'prod',
      status: 400,
      kind: 'http',
    });
  });

  it('maps INVALID_PARAMETER_VALUE to InputError', async () => {
    server.use(
      http.post(`${API}/runs/search`, () =>
        mlflowError(400, 'INVALID_PARAMETER_VALUE', "Invalid filter 'x'"),
      ),
    );
    const error = await caught(
      createClient().searchRuns({ experimentIds: ['1'], filter: 'x' }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("Invalid filter 'x'");
  });

  it("maps MLflow's 400 for an unknown alias to NotFoundError, asking the model rather than reading the message", async () => {
    server.use(
      http.get(`${API}/registered-models/alias`, () =>
        mlflowError(400, 'INVALID_PARAMETER_VALUE', 'worded any way'),
      ),
      http.get(`${API}/registered-models/get`, () =>
        HttpResponse.json({
          registered_model: {
            name: 'm',
            aliases: [{ alias: 'champion', version: '1' }],
          },
        }),
      ),
    );
    const client = createClient();
    await expect(
      client.getModelVersionByAlias('m', 'nope'),
    ).rejects.toBeInstanceOf(NotFoundError);
    // The same code for an alias the model has is some other problem: passed on.
    await expect(
      client.getModelVersionByAlias('m', 'champion'),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('retries read-only searches but never writes', async () => {
    const requests = recordAllRequests();
    let searches = 0;
    server.use(
      http.post(`${API}/runs/search`, () =>
        ++searches === 1
          ? mlflowError(503, 'TEMPORARILY_UNAVAILABLE', 'busy')
          : HttpResponse.json({
              runs: [{ info: { run_id: 'r', experiment_id: '1' } }],
            }),
      ),
      http.post(`${API}/registered-models/alias`, () =>
        mlflowError(503, 'TEMPORARILY_UNAVAILABLE', 'busy'),
      ),
      http.delete(`${API}/registered-models/alias`, () =>
        mlflowError(503, 'TEMPORARILY_UNAVAILABLE', 'busy'),
      ),
    );
    const client = createClient();
    await expect(
      client.searchRuns({ experimentIds: ['1'] }),
    ).resolves.toMatchObject({ items: [{ info: { run_id: 'r' } }] });
    await expect(client.setAlias('m', 'champion', '1')).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    await expect(client.deleteAlias('m', 'champion')).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(requests.map(r => `${r.method} ${new URL(r.url).pathname}`)).toEqual(
      [
        'POST /mlflow/api/2.0/mlflow/runs/search',
        'POST /mlflow/api/2.0/mlflow/runs/search',
        'POST /mlflow/api/2.0/mlflow/registered-models/alias',
        'DELETE /mlflow/api/2.0/mlflow/registered-models/alias',
      ],
    );
  });
});

describe('MlflowClient auth', () => {
  it.each([
    [{ type: 'none' as const }, null],
    [
      { type: 'basic' as const, username: 'svc', password: 's3cret' },
      `Basic ${Buffer.from('svc:s3cret').toString('base64')}`,
    ],
    [{ type: 'bearer' as const, token: 'tok-123' }, 'Bearer tok-123'],
  ])('sends the configured credentials (%o)', async (auth, expected) => {
    const headers: Array<string | null> = [];
    server.use(
      http.get(`${API}/registered-models/get`, ({ request }) => {
        headers.push(request.headers.get('authorization'));
        return HttpResponse.json({ registered_model: { name: 'm' } });
      }),
      http.post(`${API}/registered-models/alias`, ({ request }) => {
        headers.push(request.headers.get('authorization'));
        return HttpResponse.json({});
      }),
    );
    const client = createClient({ auth });
    await client.getRegisteredModel('m');
    await client.setAlias('m', 'champion', '1');
    expect(headers).toEqual([expected, expected]);
  });
});

describe('MlflowClient input checks', () => {
  it('refuses stage transitions on MLflow 3 without calling the server', async () => {
    const requests = recordAllRequests();
    const error = await caught(
      createClient({ majorVersion: 3 }).transitionStage({
        name: 'm',
        version: '1',
        stage: 'Production',
        archiveExistingVersions: false,
      }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /stages are an MLflow 2\.x feature, replaced by aliases in MLflow 3/,
    );
    expect(requests).toEqual([]);
  });

  it('transitions stages on MLflow 2, normalising the stage name', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${API}/model-versions/transition-stage`,
        async ({ request }) => {
          body = await request.json();
          return HttpResponse.json({
            model_version: {
              name: 'm',
              version: '1',
              current_stage: 'Staging',
            },
          });
        },
      ),
    );
    const version = await createClient({ majorVersion: 2 }).transitionStage({
      name: 'm',
      version: '1',
      stage: 'staging',
      archiveExistingVersions: true,
    });
    expect(version.current_stage).toBe('Staging');
    expect(body).toEqual({
      name: 'm',
      version: '1',
      stage: 'Staging',
      archive_existing_versions: true,
    });
  });

  it.each([
    '',
    'latest',
    'Latest',
    'v3',
    'V12',
    'has space',
    'a/b',
    'dot.ted',
    'x'.repeat(256),
  ])('refuses alias %p with InputError and no request', async alias => {
    const requests = recordAllRequests();
    const client = createClient();
    await expect(client.setAlias('m', alias, '1')).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(client.deleteAlias('m', alias)).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(
      client.getModelVersionByAlias('m', alias),
    ).rejects.toBeInstanceOf(InputError);
    expect(requests).toEqual([]);
  });

  it.each(['champion', 'prod-2', 'v1a', 'vNext', 'größe_1'])(
    'accepts alias %p',
    async alias => {
      server.use(
        http.post(`${API}/registered-models/alias`, () =>
          HttpResponse.json({}),
        ),
      );
      await expect(
        createClient().setAlias('m', alias, '1'),
      ).resolves.toBeUndefined();
    },
  );

  it.each([
    ['an empty model name', (c: MlflowClient) => c.getRegisteredModel(' ')],
    [
      'an empty experiment name',
      (c: MlflowClient) => c.getExperimentByName(''),
    ],
    [
      'a version that is not a number',
      (c: MlflowClient) => c.getModelVersion('m', 'latest'),
    ],
    [
      'an unknown stage',
      (_: MlflowClient) =>
        createClient({ majorVersion: 2 }).transitionStage({
          name: 'm',
          version: '1',
          stage: 'Prod',
          archiveExistingVersions: false,
        }),
    ],
    [
      'no experiment ids',
      (c: MlflowClient) => c.searchRuns({ experimentIds: [] }),
    ],
    [
      'a page size above the maximum',
      (c: MlflowClient) => c.searchRegisteredModels({ maxResults: 1001 }),
    ],
    [
      'a page size of 0',
      (c: MlflowClient) =>
        c.searchRuns({ experimentIds: ['1'], maxResults: 0 }),
    ],
    [
      'an empty tag key',
      (c: MlflowClient) => c.setRegisteredModelTag('m', '', 'v'),
    ],
  ])('refuses %s with InputError and no request', async (_, call) => {
    const requests = recordAllRequests();
    await expect(call(createClient())).rejects.toBeInstanceOf(InputError);
    expect(requests).toEqual([]);
  });
});

describe('MlflowClient caching', () => {
  /** A model whose champion alias the test moves; counts reads. */
  function registry() {
    const state = { champion: '4', reads: 0 };
    server.use(
      http.get(`${API}/registered-models/get`, () => {
        state.reads++;
        return HttpResponse.json({
          registered_model: {
            name: 'fraud-detector',
            aliases: [{ alias: 'champion', version: state.champion }],
          },
        });
      }),
      http.post(`${API}/registered-models/alias`, async ({ request }) => {
        state.champion = (
          (await request.json()) as { version: string }
        ).version;
        return HttpResponse.json({});
      }),
    );
    return state;
  }

  it('serves repeated reads from the cache, and reads fresh after a write', async () => {
    const state = registry();
    const client = createClient(
      { cacheTtlMs: 60_000 },
      { readCache: mockReadCache() },
    );
    await client.getRegisteredModel('fraud-detector');
    await client.getRegisteredModel('fraud-detector');
    expect(state.reads).toBe(1);

    await client.setAlias('fraud-detector', 'champion', '5');
    const after = await client.getRegisteredModel('fraud-detector');
    expect(after.aliases).toEqual([{ alias: 'champion', version: '5' }]);
    expect(state.reads).toBe(2);
  });

  it('leaves bulk searches out of the cache when asked to', async () => {
    let searches = 0;
    server.use(
      http.get(`${API}/registered-models/search`, () => {
        searches++;
        return HttpResponse.json({ registered_models: [{ name: 'm' }] });
      }),
    );
    const client = createClient(
      { cacheTtlMs: 60_000 },
      { readCache: mockReadCache() },
    );
    await client.searchRegisteredModels({ maxResults: 1000, cache: false });
    await client.searchRegisteredModels({ maxResults: 1000, cache: false });
    expect(searches).toBe(2);
    await client.searchRegisteredModels({ maxResults: 1000 });
    await client.searchRegisteredModels({ maxResults: 1000 });
    expect(searches).toBe(3);
  });

  it('makes reads fresh on other replicas sharing the cache, within the memo window', async () => {
    const state = registry();
    let now = 1_000_000;
    const clock = () => now;
    const { cache } = mockMemoryCache(clock);
    const replicaA = createClient(
      { cacheTtlMs: 60_000 },
      { readCache: mockReadCache({ cache, now: clock }) },
    );
    const replicaB = createClient(
      { cacheTtlMs: 60_000 },
      { readCache: mockReadCache({ cache, now: clock }) },
    );
    await replicaB.getRegisteredModel('fraud-detector');
    await replicaA.setAlias('fraud-detector', 'champion', '5');
    now += READ_CACHE_MEMO_MS;
    const seenByB = await replicaB.getRegisteredModel('fraud-detector');
    expect(seenByB.aliases).toEqual([{ alias: 'champion', version: '5' }]);
    expect(state.reads).toBe(2);
  });

  it('makes reads fresh after a failed write too (it may have happened)', async () => {
    const state = registry();
    server.use(
      http.post(`${API}/registered-models/alias`, () => {
        state.champion = '5';
        return mlflowError(500, 'INTERNAL_ERROR', 'lost the answer');
      }),
    );
    const client = createClient(
      { cacheTtlMs: 60_000 },
      { readCache: mockReadCache() },
    );
    await client.getRegisteredModel('fraud-detector');
    await expect(
      client.setAlias('fraud-detector', 'champion', '5'),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    const after = await client.getRegisteredModel('fraud-detector');
    expect(after.aliases).toEqual([{ alias: 'champion', version: '5' }]);
  });

  it('coalesces and caches identical run searches, not different ones', async () => {
    let searches = 0;
    server.use(
      http.post(`${API}/runs/search`, async () => {
        searches++;
        await delay(20);
        return HttpResponse.json({
          runs: [{ info: { run_id: 'r1', experiment_id: '1' } }],
        });
      }),
    );
    const client = createClient(
      { cacheTtlMs: 60_000 },
      { readCache: mockReadCache() },
    );
    const [a, b] = await Promise.all([
      client.searchRuns({ experimentIds: ['1'] }),
      client.searchRuns({ experimentIds: ['1'] }),
    ]);
    expect(searches).toBe(1);
    // One answer, read once, shared frozen: no caller can change what another gets.
    expect(b).toBe(a);
    expect(Object.isFrozen(a.items[0])).toBe(true);

    await client.searchRuns({ experimentIds: ['1'] });
    expect(searches).toBe(1);
    await client.searchRuns({
      experimentIds: ['1'],
      filter: 'metrics.auc > 0',
    });
    expect(searches).toBe(2);
  });

  it('does not cache without a read cache', async () => {
    const state = registry();
    const client = createClient({ cacheTtlMs: 60_000 });
    await client.getRegisteredModel('fraud-detector');
    await client.getRegisteredModel('fraud-detector');
    expect(state.reads).toBe(2);
  });
});
