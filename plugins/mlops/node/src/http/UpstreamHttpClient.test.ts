import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { testSystems } from '../__testUtils__/systems';
import { UpstreamInstanceConfig } from '../config/types';
import { getUpstreamErrorDetails } from './errors';
import { MAX_RETRY_DELAY_MS } from './retry';
import { mockUpstreamInstanceConfig } from '../testUtils/instances';
import {
  UpstreamHttpClient,
  UpstreamHttpClientOptions,
} from './UpstreamHttpClient';

const BASE = 'http://mlflow.example.com/mlflow';
const GET_MODEL = `${BASE}/api/2.0/mlflow/registered-models/get`;
const CREATE_MODEL = `${BASE}/api/2.0/mlflow/registered-models/create`;

const server = setupServer();
registerMswTestHooks(server);

function instance(
  overrides: Partial<UpstreamInstanceConfig> = {},
): UpstreamInstanceConfig {
  return mockUpstreamInstanceConfig({
    baseUrl: BASE,
    uiUrl: BASE,
    retries: 2,
    ...overrides,
  });
}

function createClient(
  overrides: Partial<UpstreamInstanceConfig> = {},
  options: Partial<UpstreamHttpClientOptions> = {},
) {
  const sleep = jest.fn(async (_ms: number) => {});
  const logger = mockServices.logger.mock();
  const client = new UpstreamHttpClient({
    system: testSystems.mlflow,
    instance: instance(overrides),
    logger,
    sleep,
    ...options,
  });
  return { client, sleep, logger };
}

/** Answers with the given responses in turn, repeating the last; counts requests. */
function respondInTurn(url: string, responses: Array<() => Response>) {
  const requests: Request[] = [];
  server.use(
    http.all(url, ({ request }) => {
      requests.push(request.clone());
      return responses[Math.min(requests.length, responses.length) - 1]();
    }),
  );
  return requests;
}

const ok = () => HttpResponse.json({ registered_model: { name: 'x' } });
const status = (code: number, headers?: Record<string, string>) => () =>
  HttpResponse.json({ message: 'busy' }, { status: code, headers });

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('UpstreamHttpClient', () => {
  describe('requests', () => {
    it('joins a base URL path prefix, encodes the query and returns parsed JSON', async () => {
      const requests = respondInTurn(GET_MODEL, [ok]);
      const { client } = createClient();
      const result = await client.request({
        path: '/api/2.0/mlflow/registered-models/get',
        query: {
          name: 'Fraud Model',
          tag: ['a', 'b'],
          skip: undefined,
          max: 5,
        },
      });
      expect(result).toEqual({ registered_model: { name: 'x' } });
      expect(requests).toHaveLength(1);
      expect(requests[0].method).toBe('GET');
      expect(requests[0].url).toBe(
        `${GET_MODEL}?name=Fraud+Model&tag=a&tag=b&max=5`,
      );
      expect(requests[0].headers.get('accept')).toBe('application/json');
    });

    it('sends a JSON body with a content type', async () => {
      const requests = respondInTurn(CREATE_MODEL, [ok]);
      const { client } = createClient();
      await client.request({
        method: 'POST',
        path: '/api/2.0/mlflow/registered-models/create',
        body: { name: 'fraud' },
      });
      expect(requests[0].headers.get('content-type')).toBe('application/json');
      expect(await requests[0].json()).toEqual({ name: 'fraud' });
    });

    it('sends a form as multipart/form-data with its boundary, once, and drops cached reads', async () => {
      const uploads = respondInTurn(CREATE_MODEL, [status(503), ok]);
      const reads = respondInTurn(GET_MODEL, [ok]);
      const { client } = createClient({ cacheTtlMs: 60_000 });
      const read = { path: '/api/2.0/mlflow/registered-models/get' };
      await client.request(read);
      const form = new FormData();
      form.append(
        'uploadfile',
        new Blob(['root: {}\n'], { type: 'application/yaml' }),
        'pipeline.yaml',
      );
      await expect(
        client.request({
          method: 'POST',
          path: '/api/2.0/mlflow/registered-models/create',
          form,
        }),
      ).rejects.toThrow(ServiceUnavailableError);
      expect(uploads).toHaveLength(1);
      expect(uploads[0].headers.get('content-type')).toMatch(
        /^multipart\/form-data; boundary=/,
      );
      const file = (await uploads[0].formData()).get('uploadfile') as File;
      expect([file.name, await file.text()]).toEqual([
        'pipeline.yaml',
        'root: {}\n',
      ]);
      await client.request(read);
      expect(reads).toHaveLength(2);
    });

    it('refuses a form on a read or beside a JSON body', async () => {
      const { client } = createClient();
      const form = new FormData();
      await expect(client.request({ path: '/upload', form })).rejects.toThrow(
        'An upstream request with a form must be a write, not a GET',
      );
      await expect(
        client.request({ method: 'POST', path: '/x', form, readOnly: true }),
      ).rejects.toThrow('must be a write, not a read-only POST');
      await expect(
        client.request({ method: 'POST', path: '/x', form, body: {} }),
      ).rejects.toThrow('sends a JSON body or a form, not both');
    });

    it('returns undefined for an empty body', async () => {
      respondInTurn(GET_MODEL, [() => new HttpResponse(null, { status: 204 })]);
      const { client } = createClient();
      await expect(
        client.request({
          method: 'DELETE',
          path: '/api/2.0/mlflow/registered-models/get',
        }),
      ).resolves.toBeUndefined();
    });

    it('treats a 2xx body that is not JSON as an error', async () => {
      respondInTurn(GET_MODEL, [
        () => HttpResponse.html('<html>MLflow UI</html>'),
      ]);
      const { client } = createClient();
      const error = await caught(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      );
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        "mlflow instance 'prod': GET /api/2.0/mlflow/registered-models/get returned 200 " +
          'with a body that is not JSON (content-type text/html); is baseUrl the API URL?',
      );
      expect(getUpstreamErrorDetails(error)).toMatchObject({
        kind: 'invalid-response',
        status: 200,
      });
    });

    it('refuses paths that would leave the base URL', async () => {
      const { client } = createClient();
      await expect(client.request({ path: 'api' })).rejects.toThrow(
        "must start with a single '/'",
      );
      await expect(
        client.request({ path: '/api/../../admin' }),
      ).rejects.toThrow("must not contain '.' or '..' segments");
    });
  });

  describe('auth', () => {
    it.each([
      [{ type: 'none' as const }, null],
      [
        { type: 'basic' as const, username: 'svc', password: 'pa:ss' },
        `Basic ${Buffer.from('svc:pa:ss').toString('base64')}`,
      ],
      [{ type: 'bearer' as const, token: 't0ken' }, 'Bearer t0ken'],
    ])('sends %j credentials', async (auth, expected) => {
      const requests = respondInTurn(GET_MODEL, [ok]);
      const { client } = createClient({ auth });
      await client.request({ path: '/api/2.0/mlflow/registered-models/get' });
      expect(requests[0].headers.get('authorization')).toBe(expected);
    });

    it('uses the authHeaders hook instead of configured auth, once per attempt', async () => {
      const requests = respondInTurn(GET_MODEL, [status(503), ok]);
      const authHeaders = jest
        .fn()
        .mockResolvedValueOnce({ authorization: 'Bearer jwt-1' })
        .mockResolvedValueOnce({ authorization: 'Bearer jwt-2' });
      const { client } = createClient(
        { auth: { type: 'basic', username: 'svc', password: 'secret' } },
        { authHeaders },
      );
      await client.request({ path: '/api/2.0/mlflow/registered-models/get' });
      expect(requests.map(r => r.headers.get('authorization'))).toEqual([
        'Bearer jwt-1',
        'Bearer jwt-2',
      ]);
    });

    it('never logs credentials', async () => {
      respondInTurn(GET_MODEL, [status(503), status(401)]);
      const { client, logger } = createClient({
        auth: { type: 'basic', username: 'svc', password: 'hunter2' },
      });
      const childLogger = logger.child.mock.results[0].value;
      await caught(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      );
      const logged = JSON.stringify([
        logger.child.mock.calls,
        childLogger.warn.mock.calls,
        childLogger.debug.mock.calls,
        childLogger.info.mock.calls,
        childLogger.error.mock.calls,
      ]);
      expect(childLogger.warn).toHaveBeenCalled();
      expect(logged).not.toContain('hunter2');
      expect(logged).not.toContain(
        Buffer.from('svc:hunter2').toString('base64'),
      );
    });
  });

  describe('timeouts', () => {
    it('aborts a request that takes longer than the timeout and says so', async () => {
      const requests = respondInTurn(GET_MODEL, [
        () => {
          // never answers within the test; the abort must end it
          return delay('infinite') as unknown as Response;
        },
      ]);
      const { client } = createClient({ timeoutMs: 50, retries: 0 });
      const started = Date.now();
      const error = await caught(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      );
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        "mlflow instance 'prod': GET /api/2.0/mlflow/registered-models/get timed out after 50 ms",
      );
      expect(getUpstreamErrorDetails(error)).toEqual({
        system: 'mlflow',
        instance: 'prod',
        method: 'GET',
        path: '/api/2.0/mlflow/registered-models/get',
        kind: 'timeout',
        attempts: 1,
      });
      expect(requests).toHaveLength(1);
    });

    it('covers a slow body, not just the headers', async () => {
      respondInTurn(GET_MODEL, [
        () =>
          new HttpResponse(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('{"partial":'));
                // the rest never comes
              },
            }),
            { headers: { 'content-type': 'application/json' } },
          ),
      ]);
      const { client } = createClient({ timeoutMs: 50, retries: 0 });
      await expect(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      ).rejects.toThrow('timed out after 50 ms');
    });

    it('retries a timed-out GET', async () => {
      const requests = respondInTurn(GET_MODEL, [
        () => delay('infinite') as unknown as Response,
        ok,
      ]);
      const { client } = createClient({ timeoutMs: 50, retries: 1 });
      await expect(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      ).resolves.toEqual({ registered_model: { name: 'x' } });
      expect(requests).toHaveLength(2);
    });
  });

  describe('retries', () => {
    it('retries a 503 and returns the success that follows', async () => {
      const requests = respondInTurn(GET_MODEL, [status(503), ok]);
      const { client, sleep } = createClient({ retries: 2 });
      await expect(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      ).resolves.toEqual({ registered_model: { name: 'x' } });
      expect(requests).toHaveLength(2);
      expect(sleep).toHaveBeenCalledTimes(1);
    });

    it.each([[502], [504], [429]])('retries a %i', async code => {
      const requests = respondInTurn(GET_MODEL, [status(code), ok]);
      const { client } = createClient();
      await client.request({ path: '/api/2.0/mlflow/registered-models/get' });
      expect(requests).toHaveLength(2);
    });

    it('retries a network error', async () => {
      const requests = respondInTurn(GET_MODEL, [
        () => HttpResponse.error(),
        ok,
      ]);
      const { client } = createClient();
      await client.request({ path: '/api/2.0/mlflow/registered-models/get' });
      expect(requests).toHaveLength(2);
    });

    it('honours Retry-After in seconds on a 429', async () => {
      respondInTurn(GET_MODEL, [status(429, { 'Retry-After': '2' }), ok]);
      const { client, sleep } = createClient();
      await client.request({ path: '/api/2.0/mlflow/registered-models/get' });
      expect(sleep.mock.calls).toEqual([[2000]]);
    });

    it('honours Retry-After as an HTTP date, against the injected clock', async () => {
      const now = Date.parse('2025-01-01T12:00:00Z');
      respondInTurn(GET_MODEL, [
        status(503, { 'Retry-After': 'Wed, 01 Jan 2025 12:00:05 GMT' }),
        ok,
      ]);
      const { client, sleep } = createClient({}, { now: () => now });
      await client.request({ path: '/api/2.0/mlflow/registered-models/get' });
      expect(sleep.mock.calls).toEqual([[5000]]);
    });

    it('caps a long Retry-After', async () => {
      respondInTurn(GET_MODEL, [status(429, { 'Retry-After': '3600' }), ok]);
      const { client, sleep } = createClient();
      await client.request({ path: '/api/2.0/mlflow/registered-models/get' });
      expect(sleep.mock.calls).toEqual([[MAX_RETRY_DELAY_MS]]);
    });

    it('backs off exponentially with jitter', async () => {
      respondInTurn(GET_MODEL, [status(503)]);
      const random = jest.spyOn(Math, 'random');
      const delaysFor = async (r: number) => {
        random.mockReturnValue(r);
        const { client, sleep } = createClient({ retries: 3 });
        await caught(
          client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
        );
        return sleep.mock.calls.map(([ms]) => ms);
      };
      try {
        const low = await delaysFor(0);
        const high = await delaysFor(0.99);
        // half jitter: attempt n waits between 250·2ⁿ/2 and 250·2ⁿ ms
        expect(low).toEqual([125, 250, 500]);
        expect(high[0]).toBeGreaterThan(240);
        expect(high[0]).toBeLessThan(250);
        expect(high[2]).toBeGreaterThan(high[1]);
        expect(high[1]).toBeGreaterThan(high[0]);
      } finally {
        random.mockRestore();
      }
    });

    it('gives up after the configured retries with ServiceUnavailableError', async () => {
      const requests = respondInTurn(GET_MODEL, [
        () =>
          HttpResponse.json(
            { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'try later' },
            { status: 503 },
          ),
      ]);
      const { client, sleep } = createClient({ retries: 3 });
      const error = await caught(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      );
      expect(requests).toHaveLength(4);
      expect(sleep).toHaveBeenCalledTimes(3);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        "mlflow instance 'prod': GET /api/2.0/mlflow/registered-models/get failed with " +
          '503 Service Unavailable after 4 attempts: try later',
      );
      expect(getUpstreamErrorDetails(error)).toMatchObject({
        status: 503,
        attempts: 4,
      });
    });

    it('gives up on a network error with ServiceUnavailableError', async () => {
      const requests = respondInTurn(GET_MODEL, [() => HttpResponse.error()]);
      const { client } = createClient({ retries: 1 });
      const error = await caught(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      );
      expect(requests).toHaveLength(2);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toMatch(
        /^mlflow instance 'prod': GET \/api\/2.0\/mlflow\/registered-models\/get failed after 2 attempts: /,
      );
      expect(getUpstreamErrorDetails(error)).toMatchObject({ kind: 'network' });
      expect(getUpstreamErrorDetails(error)?.status).toBeUndefined();
    });

    it('does not retry a POST', async () => {
      const requests = respondInTurn(CREATE_MODEL, [status(503), ok]);
      const { client, sleep } = createClient({ retries: 3 });
      const error = await caught(
        client.request({
          method: 'POST',
          path: '/api/2.0/mlflow/registered-models/create',
          body: { name: 'x' },
        }),
      );
      expect(requests).toHaveLength(1);
      expect(sleep).not.toHaveBeenCalled();
      expect(error).toBeInstanceOf(ServiceUnavailableError);
    });

    it('does not retry a PATCH, nor a POST that fails on the network', async () => {
      const patches = respondInTurn(GET_MODEL, [status(502), ok]);
      const posts = respondInTurn(CREATE_MODEL, [
        () => HttpResponse.error(),
        ok,
      ]);
      const { client } = createClient({ retries: 3 });
      await caught(
        client.request({
          method: 'PATCH',
          path: '/api/2.0/mlflow/registered-models/get',
        }),
      );
      await caught(
        client.request({
          method: 'POST',
          path: '/api/2.0/mlflow/registered-models/create',
        }),
      );
      expect(patches).toHaveLength(1);
      expect(posts).toHaveLength(1);
    });

    it('retries a POST marked idempotent (e.g. a search)', async () => {
      const requests = respondInTurn(CREATE_MODEL, [status(503), ok]);
      const { client } = createClient();
      await client.request({
        method: 'POST',
        path: '/api/2.0/mlflow/registered-models/create',
        idempotent: true,
      });
      expect(requests).toHaveLength(2);
    });

    it('does not retry a GET marked not idempotent', async () => {
      const requests = respondInTurn(GET_MODEL, [status(503), ok]);
      const { client } = createClient();
      await caught(
        client.request({
          path: '/api/2.0/mlflow/registered-models/get',
          idempotent: false,
        }),
      );
      expect(requests).toHaveLength(1);
    });

    it.each([[400], [401], [403], [404], [409], [422], [500]])(
      'does not retry a %i',
      async code => {
        const requests = respondInTurn(GET_MODEL, [status(code), ok]);
        const { client, sleep } = createClient({ retries: 3 });
        await caught(
          client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
        );
        expect(requests).toHaveLength(1);
        expect(sleep).not.toHaveBeenCalled();
      },
    );

    it('logs each retry as a warning without the query string', async () => {
      respondInTurn(GET_MODEL, [status(503), ok]);
      const { client, logger } = createClient();
      await client.request({
        path: '/api/2.0/mlflow/registered-models/get',
        query: { name: 'secret-project' },
      });
      const childLogger = logger.child.mock.results[0].value;
      expect(logger.child).toHaveBeenCalledWith({
        system: 'mlflow',
        instance: 'prod',
      });
      expect(childLogger.warn).toHaveBeenCalledWith(
        'Retrying upstream request',
        {
          method: 'GET',
          path: '/api/2.0/mlflow/registered-models/get',
          attempt: 2,
          delayMs: expect.any(Number),
          reason: 'status 503',
        },
      );
      expect(JSON.stringify(childLogger.warn.mock.calls)).not.toContain(
        'secret-project',
      );
    });
  });

  describe('error mapping', () => {
    it.each([
      [400, InputError],
      [422, InputError],
      [405, InputError],
      [401, NotAllowedError],
      [403, NotAllowedError],
      [404, NotFoundError],
      [410, NotFoundError],
      [409, ConflictError],
      [429, ServiceUnavailableError],
      [500, ServiceUnavailableError],
      [502, ServiceUnavailableError],
      [503, ServiceUnavailableError],
      [504, ServiceUnavailableError],
    ])('maps %i to %p, keeping the status', async (code, ErrorClass) => {
      respondInTurn(GET_MODEL, [
        () => new HttpResponse(null, { status: code }),
      ]);
      const { client } = createClient({ retries: 0 });
      const error = await caught(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      );
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.name).toBe(ErrorClass.name);
      expect(error.message).toMatch(
        new RegExp(
          `^mlflow instance 'prod': GET /api/2.0/mlflow/registered-models/get failed with ${code} `,
        ),
      );
      expect(getUpstreamErrorDetails(error)).toEqual({
        system: 'mlflow',
        instance: 'prod',
        method: 'GET',
        path: '/api/2.0/mlflow/registered-models/get',
        kind: 'http',
        status: code,
        attempts: 1,
      });
    });

    it("reads code and message with the system client's body reader, into the details", async () => {
      respondInTurn(GET_MODEL, [
        () =>
          HttpResponse.json(
            {
              error_code: 'RESOURCE_DOES_NOT_EXIST',
              message: 'Registered Model with name=x not found',
            },
            { status: 404 },
          ),
      ]);
      const { client } = createClient(
        {},
        {
          describeErrorBody: body => {
            const parsed = JSON.parse(body);
            return { code: parsed.error_code, message: parsed.message };
          },
        },
      );
      const error = await caught(
        client.request({
          path: '/api/2.0/mlflow/registered-models/get',
          query: { name: 'x' },
        }),
      );
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toBe(
        "mlflow instance 'prod': GET /api/2.0/mlflow/registered-models/get failed with " +
          '404 Not Found: RESOURCE_DOES_NOT_EXIST: Registered Model with name=x not found',
      );
      expect(getUpstreamErrorDetails(error)).toMatchObject({
        code: 'RESOURCE_DOES_NOT_EXIST',
        upstreamMessage: 'Registered Model with name=x not found',
      });
    });

    it('keeps the status when the body reader trips over the body', async () => {
      respondInTurn(GET_MODEL, [
        () => new HttpResponse('<html>oops</html>', { status: 502 }),
      ]);
      const { client } = createClient(
        {},
        { describeErrorBody: body => JSON.parse(body) },
      );
      const error = await caught(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      );
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(getUpstreamErrorDetails(error)).toMatchObject({
        status: 502,
        bodyExcerpt: '<html>oops</html>',
      });
    });

    it('names the system and instance of the client', async () => {
      server.use(
        http.get('http://airflow.example.com/api/v1/dags/:dagId', () =>
          HttpResponse.json(
            { detail: 'DAG not found', status: 404, title: 'Not Found' },
            { status: 404 },
          ),
        ),
      );
      const client = new UpstreamHttpClient({
        system: testSystems.airflow,
        instance: instance({
          name: 'eu',
          baseUrl: 'http://airflow.example.com',
        }),
        logger: mockServices.logger.mock(),
      });
      await expect(
        client.request({ path: '/api/v1/dags/nope' }),
      ).rejects.toThrow(
        "airflow instance 'eu': GET /api/v1/dags/nope failed with 404 Not Found: DAG not found",
      );
    });

    it('is not mistaken for a programming error: other errors pass through', async () => {
      respondInTurn(GET_MODEL, [ok]);
      const { client } = createClient(
        {},
        {
          authHeaders: async () => {
            throw new TypeError('token endpoint misconfigured');
          },
        },
      );
      await expect(
        client.request({ path: '/api/2.0/mlflow/registered-models/get' }),
      ).rejects.toThrow(new TypeError('token endpoint misconfigured'));
    });
  });
});
