import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createClient,
  createMemoryCache,
  TEST_BASE_URL,
} from '../__testUtils__/httpClient';
import { UpstreamHttpClient } from './UpstreamHttpClient';

const server = setupServer();
registerMswTestHooks(server);

type Page = { names: string[] };

/** Answers `{ pipelines: [...] }` with one pipeline per request seen so far. */
function answerPipelines(body?: unknown) {
  const seen = { requests: 0 };
  server.use(
    http.get(`${TEST_BASE_URL}/apis/v2beta1/pipelines`, () => {
      seen.requests += 1;
      return HttpResponse.json(
        body ?? { pipelines: [{ display_name: `p${seen.requests}` }] },
      );
    }),
  );
  return seen;
}

const decodePage = jest.fn((body: unknown): Page => {
  const pipelines = (body as { pipelines?: unknown }).pipelines;
  if (!Array.isArray(pipelines)) {
    throw new ServiceUnavailableError('kubeflow: no pipelines list');
  }
  return { names: pipelines.map(p => String(p.display_name)) };
});

const list = (client: UpstreamHttpClient, decode = decodePage) =>
  client.request<Page>({ path: '/apis/v2beta1/pipelines', decode });

beforeEach(() => decodePage.mockClear());

describe('UpstreamHttpClient decode', () => {
  it('decodes a cached body once and shares the frozen result', async () => {
    const seen = answerPipelines();
    const client = createClient({}, await createMemoryCache());
    const first = await list(client);
    const second = await list(client);
    expect(first).toEqual({ names: ['p1'] });
    expect(second).toBe(first);
    expect(Object.isFrozen(first.names)).toBe(true);
    expect(decodePage).toHaveBeenCalledTimes(1);
    expect(seen.requests).toBe(1);
  });

  it('decodes the new body after a write made the cache stale', async () => {
    answerPipelines();
    server.use(
      http.post(`${TEST_BASE_URL}/apis/v2beta1/pipelines`, () =>
        HttpResponse.json({}),
      ),
    );
    const client = createClient({}, await createMemoryCache());
    await list(client);
    await client.request({ method: 'POST', path: '/apis/v2beta1/pipelines' });
    expect(await list(client)).toEqual({ names: ['p2'] });
    expect(decodePage).toHaveBeenCalledTimes(2);
  });

  it('throws what decode throws, for every read of a body it cannot use', async () => {
    answerPipelines({ pipelines: 'not a list' });
    const client = createClient({}, await createMemoryCache());
    await expect(list(client)).rejects.toThrow(ServiceUnavailableError);
    await expect(list(client)).rejects.toThrow('no pipelines list');
  });

  it('never hands one decoder’s result to another for the same URL', async () => {
    answerPipelines();
    const count = (body: unknown) =>
      (body as { pipelines: unknown[] }).pipelines.length;
    for (const client of [
      createClient({ cacheTtlMs: 0 }),
      createClient({}, await createMemoryCache()),
    ]) {
      const [page, n] = await Promise.all([
        list(client),
        client.request<number>({
          path: '/apis/v2beta1/pipelines',
          decode: count,
        }),
      ]);
      expect(page.names).toHaveLength(1);
      expect(n).toBe(1);
    }
  });

  it('gives concurrent uncached readers their own mutable copy of the decoded value', async () => {
    answerPipelines();
    const client = createClient({ cacheTtlMs: 0 });
    const [a, b] = await Promise.all([list(client), list(client)]);
    a.names.push('changed');
    expect(b.names).toEqual(['p1']);
    expect(decodePage).toHaveBeenCalledTimes(1);
  });
});
