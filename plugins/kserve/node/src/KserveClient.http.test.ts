import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import { silentLogger } from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { WatchExpiredError } from './errors';
import type { InferenceServiceWatchEvent } from './KserveApi';
import { KserveClient } from './KserveClient';
import { buildInferenceServiceObject, fakeClusterConfig } from './testUtils';

/*
 * Against a real HTTP server on plain http behind a path prefix, as the demo's sandbox serves
 * Kubernetes: the cluster's undici dispatcher and client-node's Watch, which msw cannot intercept.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler;
let server: Server;
let baseUrl: string;
const requests: Array<{
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: new URL(req.url!, 'http://x'),
        headers: req.headers,
        body,
      });
      handler(req, res);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/kubernetes`;
});
afterEach(() => {
  requests.length = 0;
  server.closeAllConnections();
});
afterAll(() => new Promise(resolve => server.close(resolve)));

/** A URL where nothing listens: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise(resolve => probe.close(resolve));
  return `http://127.0.0.1:${port}/kubernetes`;
}

const client = (overrides = {}) =>
  new KserveClient({
    instance: fakeClusterConfig('sandbox', {
      baseUrl,
      uiUrl: baseUrl,
      auth: { type: 'bearer', token: 'sandbox-token' },
      ...overrides,
    }),
    logger: silentLogger,
  });
const fraud = buildInferenceServiceObject({
  namespace: 'fraud',
  name: 'fraud-detector',
});
const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
/** Streams watch events, one JSON per line, then keeps or ends the stream. */
const stream =
  (lines: unknown[], end = true): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    for (const line of lines) res.write(`${JSON.stringify(line)}\n`);
    if (end) res.end();
  };
const watchFrom = (
  kserve: KserveClient,
  seen: InferenceServiceWatchEvent[] = [],
  options = {},
) =>
  kserve.watchInferenceServices(
    { namespace: 'fraud', resourceVersion: '10', ...options },
    event => seen.push(event),
  );

describe('KserveClient over client-node’s own HTTP stack', () => {
  it('reads and patches below the path prefix on plain http', async () => {
    handler = (_req, res) => json(res, 200, fraud);
    const kserve = client();
    await kserve.getInferenceService({
      namespace: 'fraud',
      name: 'fraud-detector',
    });
    await kserve.patchCanaryTrafficPercent(
      { namespace: 'fraud', name: 'fraud-detector' },
      20,
      '1',
    );
    expect(requests.map(r => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /kubernetes/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices/fraud-detector',
      'PATCH /kubernetes/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices/fraud-detector',
    ]);
    expect(requests[0].headers.authorization).toBe('Bearer sandbox-token');
    expect(requests[1].headers['content-type']).toBe(
      'application/merge-patch+json',
    );
  });

  it('says a cluster that refuses connections is unavailable', async () => {
    const error = await client({ baseUrl: await closedPortUrl() })
      .listInferenceServices({})
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(getUpstreamErrorDetails(error)).toMatchObject({ kind: 'network' });
  });
});

describe('watchInferenceServices', () => {
  it('watches below the prefix with bookmarks and delivers events until the server closes', async () => {
    handler = stream([
      { type: 'ADDED', object: fraud },
      {
        type: 'BOOKMARK',
        object: {
          kind: 'InferenceService',
          metadata: { resourceVersion: '12' },
        },
      },
      {
        type: 'MODIFIED',
        object: {
          ...fraud,
          metadata: { ...fraud.metadata, resourceVersion: '13' },
        },
      },
    ]);
    const seen: InferenceServiceWatchEvent[] = [];
    const watch = await watchFrom(client(), seen, {
      labelSelector: 'team=fraud',
    });
    await expect(watch.done).resolves.toBeUndefined();
    expect(requests[0].url.pathname).toBe(
      '/kubernetes/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices',
    );
    expect(Object.fromEntries(requests[0].url.searchParams)).toEqual({
      watch: 'true',
      allowWatchBookmarks: 'true',
      resourceVersion: '10',
      timeoutSeconds: '300',
      labelSelector: 'team=fraud',
    });
    expect(requests[0].headers.authorization).toBe('Bearer sandbox-token');
    expect(
      seen.map(e => `${e.type} ${e.object.metadata.resourceVersion}`),
    ).toEqual(['ADDED 1', 'BOOKMARK 12', 'MODIFIED 13']);
  });

  it('watches every namespace when none is given', async () => {
    handler = stream([]);
    const watch = await client().watchInferenceServices(
      { resourceVersion: '10', timeoutSeconds: 60 },
      () => undefined,
    );
    await watch.done;
    expect(requests[0].url.pathname).toBe(
      '/kubernetes/apis/serving.kserve.io/v1beta1/inferenceservices',
    );
    expect(requests[0].url.searchParams.get('timeoutSeconds')).toBe('60');
  });

  it('says WatchExpiredError for a 410 Expired ERROR event', async () => {
    handler = stream(
      [
        {
          type: 'ERROR',
          object: {
            kind: 'Status',
            status: 'Failure',
            message: 'too old resource version: 10 (500)',
            reason: 'Expired',
            code: 410,
          },
        },
      ],
      false,
    );
    const watch = await watchFrom(client());
    await expect(watch.done).rejects.toThrow(WatchExpiredError);
    await expect(watch.done).rejects.toThrow(
      /410 Gone: Expired: too old resource version: 10 \(500\); list again/,
    );
  });

  it('says WatchExpiredError when the watch itself is answered 410', async () => {
    handler = (_req, res) =>
      json(res, 410, { kind: 'Status', code: 410, reason: 'Gone' });
    const watch = await watchFrom(client());
    await expect(watch.done).rejects.toThrow(WatchExpiredError);
  });

  it('maps other refusals as the reads do', async () => {
    handler = (_req, res) =>
      json(res, 403, { kind: 'Status', code: 403, reason: 'Forbidden' });
    const watch = await watchFrom(client());
    await expect(watch.done).rejects.toThrow(NotAllowedError);
    const error = await watch.done.catch(e => e);
    expect(getUpstreamErrorDetails(error)).toMatchObject({
      instance: 'sandbox',
      path: '/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices',
      status: 403,
    });
  });

  it('ends with ServiceUnavailableError on an event that is not an InferenceService', async () => {
    handler = stream(
      [
        { type: 'ADDED', object: { metadata: { name: 7 } } },
        { type: 'ADDED', object: fraud },
      ],
      false,
    );
    const seen: InferenceServiceWatchEvent[] = [];
    const watch = await watchFrom(client(), seen);
    const error = await watch.done.catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      "a watch event's InferenceService: metadata.name",
    );
    expect(seen).toEqual([]);
  });

  it('ends with the error a watcher’s callback throws', async () => {
    handler = stream([{ type: 'ADDED', object: fraud }], false);
    const watch = await client().watchInferenceServices(
      { resourceVersion: '10' },
      () => {
        throw new Error('catalog unavailable');
      },
    );
    await expect(watch.done).rejects.toThrow('catalog unavailable');
  });

  it('resolves done when stopped, and closes the connection', async () => {
    let closed = false;
    handler = (req, res) => {
      res.on('close', () => (closed = true));
      stream([], false)(req, res);
    };
    const watch = await watchFrom(client());
    watch.stop();
    await expect(watch.done).resolves.toBeUndefined();
    for (let i = 0; i < 50 && !closed; i++)
      await new Promise(r => setTimeout(r, 10));
    expect(closed).toBe(true);
  });

  it('rejects done, not the call, when the cluster cannot be reached', async () => {
    const watch = await watchFrom(client({ baseUrl: await closedPortUrl() }));
    const error = await watch.done.catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(getUpstreamErrorDetails(error)).toMatchObject({ kind: 'network' });
  });

  it('gives up connecting after the cluster’s timeout', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    const watch = await watchFrom(client({ timeoutMs: 200 }));
    const error = await watch.done.catch(e => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain('timed out after 200 ms');
  });

  it('refuses a bad namespace or resourceVersion before connecting', async () => {
    await expect(
      client().watchInferenceServices(
        { namespace: 'A', resourceVersion: '1' },
        () => undefined,
      ),
    ).rejects.toThrow('is not a Kubernetes namespace');
    await expect(
      client().watchInferenceServices({ resourceVersion: '' }, () => undefined),
    ).rejects.toThrow('resourceVersion');
    expect(requests).toEqual([]);
  });
});
