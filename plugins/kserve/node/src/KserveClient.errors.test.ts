import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import { delay, http, HttpResponse } from 'msw';
import {
  CLUSTER_URL,
  ISVC_API,
  mswClient,
  statusBody,
  useMswServer,
} from './__testUtils__/mswCluster';
import { buildInferenceServiceObject } from './testUtils';

const server = useMswServer();
const ref = { namespace: 'fraud', name: 'fraud-detector' };
const objectUrl = `${ISVC_API}/namespaces/fraud/inferenceservices/fraud-detector`;
const objectPath =
  '/apis/serving.kserve.io/v1beta1/namespaces/fraud/inferenceservices/fraud-detector';
const fraud = buildInferenceServiceObject(ref);

describe('KserveClient errors', () => {
  it.each([
    [404, 'NotFound', NotFoundError],
    [401, 'Unauthorized', NotAllowedError],
    [403, 'Forbidden', NotAllowedError],
    [409, 'AlreadyExists', ConflictError],
    [400, 'BadRequest', InputError],
    [500, 'InternalError', ServiceUnavailableError],
    [503, 'ServiceUnavailable', ServiceUnavailableError],
  ])(
    'maps %i %s to %p with the server’s message and the upstream details',
    async (status, reason, ErrorClass) => {
      server.use(
        http.get(objectUrl, () =>
          HttpResponse.json(statusBody(status, reason, `it says ${reason}`), {
            status,
          }),
        ),
      );
      const error = await mswClient()
        .getInferenceService(ref, { fresh: true })
        .catch(e => e);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.message).toContain(
        `kserve instance 'prod': GET ${objectPath} failed with ${status}`,
      );
      expect(error.message).toContain(`${reason}: it says ${reason}`);
      expect(getUpstreamErrorDetails(error)).toMatchObject({
        system: 'kserve',
        instance: 'prod',
        method: 'GET',
        path: objectPath,
        kind: 'http',
        status,
        code: reason,
        upstreamMessage: `it says ${reason}`,
        attempts: 1,
      });
    },
  );

  it('puts the causes of a 422 in the InputError, where the message does not say them', async () => {
    server.use(
      http.patch(objectUrl, () =>
        HttpResponse.json(
          statusBody(
            422,
            'Invalid',
            'InferenceService "fraud-detector" is invalid',
            [
              {
                field: 'spec.predictor.canaryTrafficPercent',
                message: 'Invalid value: 90: must be <= 80 by policy',
                reason: 'FieldValueInvalid',
              },
            ],
          ),
          { status: 422 },
        ),
      ),
    );
    const error = await mswClient()
      .patchCanaryTrafficPercent(ref, 90, '7')
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'Invalid: InferenceService "fraud-detector" is invalid; spec.predictor.canaryTrafficPercent: Invalid value: 90: must be <= 80 by policy',
    );
  });

  it('reads an error body that is not a Status as text', async () => {
    server.use(
      http.get(
        objectUrl,
        () => new HttpResponse('upstream connect error', { status: 502 }),
      ),
    );
    const error = await mswClient()
      .getInferenceService(ref)
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      'failed with 502 Bad Gateway: upstream connect error',
    );
  });

  it('says a 200 that is not JSON is not the API (a login page, a wrong URL)', async () => {
    server.use(
      http.get(objectUrl, () => HttpResponse.html('<html>Sign in</html>')),
    );
    const error = await mswClient()
      .getInferenceService(ref)
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      'with a body that is not JSON (content-type text/html',
    );
    expect(getUpstreamErrorDetails(error)).toMatchObject({
      kind: 'invalid-response',
      status: 200,
    });
  });

  it('says a JSON content type with a broken body is not JSON', async () => {
    server.use(
      http.get(
        objectUrl,
        () =>
          new HttpResponse('{"items": [', {
            headers: { 'content-type': 'application/json' },
          }),
      ),
    );
    await expect(mswClient().getInferenceService(ref)).rejects.toThrow(
      'with a body that is not JSON',
    );
  });

  it('maps no connection to ServiceUnavailableError of kind network', async () => {
    server.use(http.get(objectUrl, () => HttpResponse.error()));
    const error = await mswClient()
      .getInferenceService(ref)
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(getUpstreamErrorDetails(error)).toMatchObject({
      kind: 'network',
      path: objectPath,
    });
  });

  it('gives up after the cluster’s timeout', async () => {
    server.use(
      http.get(objectUrl, async () => {
        await delay(2_000);
        return HttpResponse.json(fraud);
      }),
    );
    const started = Date.now();
    const error = await mswClient({ timeoutMs: 100 })
      .getInferenceService(ref)
      .catch(e => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain('timed out after 100 ms');
    expect(getUpstreamErrorDetails(error)).toMatchObject({ kind: 'timeout' });
  });

  it('retries a GET on 503 and a dropped connection, as many times as configured', async () => {
    const answers = [
      () =>
        HttpResponse.json(statusBody(503, 'ServiceUnavailable', 'busy'), {
          status: 503,
        }),
      () => HttpResponse.error(),
      () => HttpResponse.json(fraud),
    ];
    let calls = 0;
    server.use(http.get(objectUrl, () => answers[calls++]()));
    const sleeps: number[] = [];
    const client = mswClient(
      { retries: 2 },
      { sleep: async ms => void sleeps.push(ms) },
    );
    expect(await client.getInferenceService(ref)).toEqual(fraud);
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps.every(ms => ms > 0 && ms <= 10_000)).toBe(true);
  });

  it('says how many attempts it made when the retries ran out', async () => {
    server.use(
      http.get(objectUrl, () =>
        HttpResponse.json(statusBody(429, 'TooManyRequests', 'slow down'), {
          status: 429,
          headers: { 'retry-after': '3' },
        }),
      ),
    );
    const sleeps: number[] = [];
    const error = await mswClient(
      { retries: 1 },
      { sleep: async ms => void sleeps.push(ms) },
    )
      .getInferenceService(ref)
      .catch(e => e);
    expect(sleeps).toEqual([3_000]);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(getUpstreamErrorDetails(error)).toMatchObject({
      attempts: 2,
      status: 429,
    });
  });

  it('never retries a write: it may have been applied', async () => {
    let calls = 0;
    server.use(
      http.patch(objectUrl, () => {
        calls += 1;
        return HttpResponse.json(
          statusBody(503, 'ServiceUnavailable', 'busy'),
          {
            status: 503,
          },
        );
      }),
    );
    await expect(
      mswClient({ retries: 3 }).patchCanaryTrafficPercent(ref, 10, '7'),
    ).rejects.toThrow(ServiceUnavailableError);
    expect(calls).toBe(1);
  });

  describe('a service account token file', () => {
    const tokenCluster = {
      auth: { type: 'none' as const },
      serviceAccountTokenFile: '/var/run/secrets/token',
    };

    it('is read on every request, so a rotated token is used at once', async () => {
      const tokens = ['first-token\n', 'rotated-token\n'];
      const readFile = jest.fn(async () => tokens.shift()!);
      const seen: Array<string | null> = [];
      server.use(
        http.get(objectUrl, ({ request }) => {
          seen.push(request.headers.get('authorization'));
          return HttpResponse.json(fraud);
        }),
      );
      const client = mswClient(tokenCluster, { files: { readFile } });
      await client.getInferenceService(ref, { fresh: true });
      await client.getInferenceService(ref, { fresh: true });
      expect(seen).toEqual(['Bearer first-token', 'Bearer rotated-token']);
      expect(readFile).toHaveBeenCalledWith('/var/run/secrets/token', 'utf8');
    });

    it.each([
      [
        Object.assign(new Error('nope'), { code: 'ENOENT' }),
        'does not exist; does the backend run in the cluster, with its service account mounted?',
      ],
      [
        Object.assign(new Error('nope'), { code: 'EACCES' }),
        'cannot be read: permission denied',
      ],
      ['', 'is empty'],
    ])(
      'is a clear ServiceUnavailableError when unusable (%#), and nothing is sent',
      async (problem, message) => {
        const readFile = async () => {
          if (problem instanceof Error) throw problem;
          return problem;
        };
        let calls = 0;
        server.use(
          http.all(`${CLUSTER_URL}/*`, () => {
            calls += 1;
            return HttpResponse.json(fraud);
          }),
        );
        const error = await mswClient(tokenCluster, {
          files: { readFile },
        })
          .getInferenceService(ref)
          .catch(e => e);
        expect(error).toBeInstanceOf(ServiceUnavailableError);
        expect(error.message).toBe(
          `kserve instance 'prod': GET ${objectPath} failed: the service account token file /var/run/secrets/token ${message}`,
        );
        expect(getUpstreamErrorDetails(error)).toMatchObject({
          kind: 'network',
          attempts: 0,
        });
        expect(calls).toBe(0);
      },
    );
  });

  it('says a CA file it cannot read, instead of a TypeError', async () => {
    const error = await mswClient({
      baseUrl: 'https://k8s.test',
      caFile: '/nonexistent/ca.crt',
    })
      .getInferenceService(ref)
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      `GET ${objectPath} failed: the TLS settings could not be applied`,
    );
    expect(getUpstreamErrorDetails(error)).toMatchObject({ kind: 'network' });
    expect(error.message).toContain('/nonexistent/ca.crt does not exist');
  });
});
