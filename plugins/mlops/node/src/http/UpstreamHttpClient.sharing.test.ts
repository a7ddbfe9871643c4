import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createClient,
  createMemoryCache,
  instance,
  TEST_BASE_URL as BASE,
} from '../__testUtils__/httpClient';
import { testSystems } from '../__testUtils__/systems';
import { READ_CACHE_MEMO_MS, ReadCache } from '../cache/ReadCache';
import { UpstreamHttpClient } from './UpstreamHttpClient';

const LIST = `${BASE}/apis/v2beta1/pipelines`;

const server = setupServer();
registerMswTestHooks(server);

/** Counts upstream requests; answers with the query string so callers can tell URLs apart. */
function countRequests(answer?: () => Response | Promise<Response>) {
  const seen: string[] = [];
  server.use(
    http.all(LIST, async ({ request }) => {
      seen.push(`${request.method} ${request.url}`);
      if (answer) {
        return answer();
      }
      await delay(20);
      return HttpResponse.json({
        pipelines: [{ display_name: new URL(request.url).search }],
      });
    }),
  );
  return seen;
}

const list = (client: UpstreamHttpClient, query = {}, extra = {}) =>
  client.request<{ pipelines: Array<{ display_name: string }> }>({
    path: '/apis/v2beta1/pipelines',
    query,
    ...extra,
  });

describe('UpstreamHttpClient coalescing', () => {
  it('sends one upstream request for 100 concurrent identical GETs', async () => {
    const seen = countRequests();
    const client = createClient({ cacheTtlMs: 0 });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => list(client, { page_size: 100 })),
    );
    expect(seen).toHaveLength(1);
    expect(new Set(results.map(r => JSON.stringify(r))).size).toBe(1);
  });

  it('does not coalesce different URLs, methods or per-request headers', async () => {
    const seen = countRequests();
    const client = createClient({ cacheTtlMs: 0 });
    await Promise.all([
      list(client, { page_size: 10 }),
      list(client, { page_size: 10 }),
      list(client, { page_size: 20 }),
      list(client, { page_size: 10, filter: 'x' }),
      list(
        client,
        { page_size: 10 },
        { headers: { authorization: 'Bearer user-a' } },
      ),
      list(
        client,
        { page_size: 10 },
        { headers: { authorization: 'Bearer user-b' } },
      ),
      list(client, { page_size: 10 }, { method: 'DELETE' }),
      list(client, { page_size: 10 }, { method: 'DELETE' }),
    ]);
    expect(seen.sort()).toEqual(
      [
        `DELETE ${LIST}?page_size=10`,
        `DELETE ${LIST}?page_size=10`,
        `GET ${LIST}?page_size=10`,
        `GET ${LIST}?page_size=10`,
        `GET ${LIST}?page_size=10`,
        `GET ${LIST}?page_size=10&filter=x`,
        `GET ${LIST}?page_size=20`,
      ].sort(),
    );
  });

  it('does not share between two instances', async () => {
    const seen = countRequests();
    const a = createClient({ name: 'a', cacheTtlMs: 0 });
    const b = createClient({ name: 'b', cacheTtlMs: 0 });
    await Promise.all([list(a), list(b)]);
    expect(seen).toHaveLength(2);
  });

  it('gives every caller its own copy of the shared result', async () => {
    countRequests();
    const client = createClient({ cacheTtlMs: 0 });
    const [first, second] = await Promise.all([list(client), list(client)]);
    first.pipelines.push({ display_name: 'added by the first caller' });
    expect(second.pipelines).toHaveLength(1);
  });

  it('shares a failure with every waiting caller, then forgets it', async () => {
    let fail = true;
    const seen = countRequests(() =>
      fail
        ? HttpResponse.json({ message: 'gone' }, { status: 404 })
        : HttpResponse.json({ pipelines: [] }),
    );
    const client = createClient({ cacheTtlMs: 0 });
    const outcomes = await Promise.allSettled([list(client), list(client)]);
    expect(outcomes.map(o => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(
      NotFoundError,
    );
    fail = false;
    await expect(list(client)).resolves.toEqual({ pipelines: [] });
    expect(seen).toHaveLength(2);
  });

  it('starts a new request once the previous one has settled (no cache)', async () => {
    const seen = countRequests();
    const client = createClient({ cacheTtlMs: 0 });
    await list(client);
    await list(client);
    expect(seen).toHaveLength(2);
  });
});

describe('UpstreamHttpClient cache', () => {
  it('serves a repeated GET from the cache after the first resolved', async () => {
    const seen = countRequests();
    const client = createClient({}, await createMemoryCache());
    const first = await list(client, { page_size: 10 });
    const second = await list(client, { page_size: 10 });
    expect(second).toEqual(first);
    expect(seen).toHaveLength(1);
  });

  it('shares one frozen result per cached body: a caller cannot change what the next one gets', async () => {
    const seen = countRequests();
    const client = createClient({}, await createMemoryCache());
    const first = await list(client);
    expect(() => {
      first.pipelines.length = 0;
    }).toThrow(TypeError);
    const second = await list(client);
    expect(second).toBe(first);
    expect(second.pipelines).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });

  it('shares the cache between clients of the same instance (e.g. replicas)', async () => {
    const seen = countRequests();
    const cache = await createMemoryCache();
    await list(createClient({}, cache));
    await list(createClient({}, cache));
    expect(seen).toHaveLength(1);
  });

  it('keys the cache by URL and by per-request headers', async () => {
    const seen = countRequests();
    const client = createClient({}, await createMemoryCache());
    await list(client, { page_size: 10 });
    await list(client, { page_size: 20 });
    await list(
      client,
      { page_size: 10 },
      { headers: { authorization: 'Bearer user-a' } },
    );
    expect(seen).toHaveLength(3);
  });

  it('does not cache when the instance TTL is 0', async () => {
    const seen = countRequests();
    const client = createClient({ cacheTtlMs: 0 }, await createMemoryCache());
    await list(client);
    await list(client);
    expect(seen).toHaveLength(2);
  });

  it('does not cache when the call sets cacheTtl 0', async () => {
    const seen = countRequests();
    const client = createClient({}, await createMemoryCache());
    await list(client, {}, { cacheTtl: 0 });
    await list(client, {}, { cacheTtl: 0 });
    expect(seen).toHaveLength(2);
  });

  it('expires entries after the per-call TTL', async () => {
    const seen = countRequests();
    const client = createClient({}, await createMemoryCache());
    await list(client, {}, { cacheTtl: { milliseconds: 30 } });
    await list(client, {}, { cacheTtl: { milliseconds: 30 } });
    expect(seen).toHaveLength(1);
    await new Promise(resolve => setTimeout(resolve, 80));
    await list(client, {}, { cacheTtl: { milliseconds: 30 } });
    expect(seen).toHaveLength(2);
  });

  it('never caches errors', async () => {
    let fail = true;
    const seen = countRequests(() =>
      fail
        ? HttpResponse.json({ message: 'down' }, { status: 500 })
        : HttpResponse.json({ pipelines: [] }),
    );
    const client = createClient({}, await createMemoryCache());
    await expect(list(client)).rejects.toBeInstanceOf(ServiceUnavailableError);
    fail = false;
    await expect(list(client)).resolves.toEqual({ pipelines: [] });
    await expect(list(client)).resolves.toEqual({ pipelines: [] });
    expect(seen).toHaveLength(2);
  });

  it('never caches writes', async () => {
    const seen = countRequests();
    const client = createClient({}, await createMemoryCache());
    await list(client, {}, { method: 'PUT' });
    await list(client, {}, { method: 'PUT' });
    expect(seen).toHaveLength(2);
  });

  it('makes every cached read of the instance stale after a write, also on a replica', async () => {
    const seen = countRequests();
    const cache = await createMemoryCache();
    const writer = createClient({}, cache);
    const replica = createClient({}, cache);
    await list(writer);
    await list(replica);
    expect(seen).toHaveLength(1);

    await list(writer, {}, { method: 'DELETE' });
    await list(writer);
    expect(seen).toHaveLength(3);
    // The replica reads the new generation once its memo of the old one lapses.
    await new Promise(resolve => setTimeout(resolve, READ_CACHE_MEMO_MS + 50));
    await list(replica);
    expect(seen).toHaveLength(3);
  });

  it('also after a write that failed, which may have happened anyway', async () => {
    let failWrites = false;
    const seen = countRequests(() =>
      failWrites
        ? HttpResponse.json({ message: 'timeout' }, { status: 504 })
        : HttpResponse.json({ pipelines: [] }),
    );
    const client = createClient({}, await createMemoryCache());
    await list(client);
    failWrites = true;
    await expect(list(client, {}, { method: 'POST' })).rejects.toThrow('504');
    failWrites = false;
    await list(client);
    expect(seen).toHaveLength(3);
  });

  it('does not invalidate other instances', async () => {
    const seen = countRequests();
    const cache = await createMemoryCache();
    const a = createClient({ name: 'a' }, cache);
    const b = createClient({ name: 'b' }, cache);
    await list(b);
    await list(a, {}, { method: 'DELETE' });
    await list(b);
    expect(seen.filter(r => r.startsWith('GET'))).toHaveLength(1);
  });

  it('falls back to upstream when the cache fails', async () => {
    const seen = countRequests();
    const cache = mockServices.cache.mock({
      get: jest.fn().mockRejectedValue(new Error('redis down')),
      set: jest.fn().mockRejectedValue(new Error('redis down')),
    });
    const logger = mockServices.logger.mock();
    const client = new UpstreamHttpClient({
      system: testSystems.kubeflow,
      instance: instance(),
      logger,
      readCache: new ReadCache({ cache, logger }),
    });
    await expect(list(client)).resolves.toEqual({
      pipelines: [{ display_name: '' }],
    });
    expect(seen).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'Read cache unavailable; reading upstream',
      { scope: 'kubeflow:prod', error: 'Error: redis down' },
    );
  });

  it('keeps credentials out of cache keys', async () => {
    countRequests();
    const cache = mockServices.cache.mock({
      get: jest.fn().mockResolvedValue(undefined),
      set: jest.fn().mockResolvedValue(undefined),
    });
    const client = createClient({}, cache);
    await list(
      client,
      {},
      { headers: { authorization: 'Bearer user-secret' } },
    );
    const [key, value, options] = (cache.set as jest.Mock).mock.calls.find(
      ([candidate]) => !String(candidate).endsWith(':generation'),
    )!;
    expect(key).toMatch(/^mlops-read:v1:kubeflow%3Aprod:[\w-]+:[\w-]+$/);
    expect(key).not.toContain('user-secret');
    expect(key).not.toContain('service-token');
    expect(value).not.toContain('user-secret');
    // fresh for the TTL, then served as long again while it reloads
    expect(options).toEqual({ ttl: 120_000 });
  });
});

describe('UpstreamHttpClient read-only POSTs', () => {
  const SEARCH = `${BASE}/apis/v2beta1/search`;

  function countSearches() {
    const bodies: string[] = [];
    server.use(
      http.post(SEARCH, async ({ request }) => {
        bodies.push(await request.text());
        await delay(20);
        return HttpResponse.json({ runs: [{ id: bodies.length }] });
      }),
    );
    return bodies;
  }

  it('coalesces and caches identical read-only POSTs, keyed on the body', async () => {
    const bodies = countSearches();
    const client = createClient({}, await createMemoryCache());
    const search = (filter: string) =>
      client.request({
        method: 'POST',
        path: '/apis/v2beta1/search',
        body: { filter },
        readOnly: true,
      });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => search('a')),
    );
    expect(bodies).toEqual(['{"filter":"a"}']);
    expect(new Set(answers.map(a => JSON.stringify(a))).size).toBe(1);
    await search('a');
    expect(bodies).toHaveLength(1);
    await search('b');
    expect(bodies).toEqual(['{"filter":"a"}', '{"filter":"b"}']);
  });

  it('never shares nor caches other POSTs', async () => {
    const bodies = countSearches();
    const client = createClient({}, await createMemoryCache());
    const create = () =>
      client.request({
        method: 'POST',
        path: '/apis/v2beta1/search',
        body: { filter: 'a' },
      });
    await Promise.all([create(), create()]);
    await create();
    expect(bodies).toHaveLength(3);
  });
});
