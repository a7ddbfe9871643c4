import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeflowInstanceConfig } from './KubeflowApi';
import { KubeflowClient } from './KubeflowClient';
import { kubeflowInstanceConfig } from './testUtils';

const BASE = 'http://kfp.auth.test';
const server = setupServer();
registerMswTestHooks(server);

/** Answers every healthz request, keeping what it was sent. */
function recordRequests() {
  const requests: Request[] = [];
  server.use(
    http.get(`${BASE}/apis/v2beta1/healthz`, ({ request }) => {
      requests.push(request);
      return HttpResponse.json({ multi_user: true });
    }),
  );
  return requests;
}

function client(
  overrides: Partial<KubeflowInstanceConfig>,
  files?: ConstructorParameters<typeof KubeflowClient>[0]['files'],
) {
  const logger = mockServices.logger.mock();
  const api = new KubeflowClient({
    instance: kubeflowInstanceConfig({ baseUrl: BASE, ...overrides }),
    logger,
    files,
  });
  return { api, logger };
}

describe('KubeflowClient credentials', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kfp-token-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('sends a configured bearer token and the multi-user identity on every request', async () => {
    const requests = recordRequests();
    const { api } = client({
      auth: { type: 'bearer', token: 'oidc-token' },
      multiUser: {
        userIdHeader: 'kubeflow-userid',
        userId: 'portal@example.com',
        namespace: 'ml',
      },
    });
    await api.health();
    await api.health();
    expect(
      requests.map(r => [
        r.headers.get('authorization'),
        r.headers.get('kubeflow-userid'),
      ]),
    ).toEqual([
      ['Bearer oidc-token', 'portal@example.com'],
      ['Bearer oidc-token', 'portal@example.com'],
    ]);
  });

  it('reads a service account token file at first use and again only when it changes', async () => {
    const tokenPath = path.join(dir, 'token');
    await fs.writeFile(tokenPath, 'token-one\n');
    const reads: string[] = [];
    const files = {
      stat: fs.stat,
      readFile: (async (file: string, encoding: BufferEncoding) => {
        reads.push(file);
        return fs.readFile(file, encoding);
      }) as typeof fs.readFile,
    };
    const requests = recordRequests();
    const { api, logger } = client(
      { serviceAccountToken: { type: 'serviceAccountToken', tokenPath } },
      files,
    );
    expect(reads).toEqual([]);
    await api.health();
    await api.health();
    expect(reads).toHaveLength(1);

    // The kubelet swaps in a new token: a new file, a new mtime.
    await fs.writeFile(tokenPath, 'token-two');
    const later = new Date(Date.now() + 60_000);
    await fs.utimes(tokenPath, later, later);
    await api.health();
    expect(reads).toHaveLength(2);
    expect(requests.map(r => r.headers.get('authorization'))).toEqual([
      'Bearer token-one',
      'Bearer token-one',
      'Bearer token-two',
    ]);
    const logged = JSON.stringify(
      Object.values(logger).flatMap(fn =>
        jest.isMockFunction(fn) ? fn.mock.calls : [],
      ),
    );
    expect(logged).not.toMatch(/token-(one|two)/);
  });

  it.each([
    [
      'missing',
      async (_file: string) => {},
      'does not exist; is the projected token volume mounted?',
    ],
    ['empty', async (file: string) => fs.writeFile(file, ' \n'), 'is empty'],
    [
      'a directory',
      async (file: string) => fs.mkdir(file),
      'is a directory, not a file',
    ],
  ])(
    'says clearly when the token file is %s, and sends nothing',
    async (_what, prepare, problem) => {
      const tokenPath = path.join(dir, 'token');
      await prepare(tokenPath);
      const requests = recordRequests();
      const { api } = client({
        serviceAccountToken: { type: 'serviceAccountToken', tokenPath },
      });
      const error = await api.health().catch(e => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        `kubeflow instance 'prod': the service account token file ${tokenPath} ` +
          `(auth.tokenPath) ${problem}`,
      );
      expect(requests).toHaveLength(0);
    },
  );

  it('reports a refused token with KFP’s own words', async () => {
    server.use(
      http.get(`${BASE}/apis/v2beta1/pipelines`, () =>
        HttpResponse.json(
          {
            code: 16,
            message: 'Unauthenticated: invalid bearer token',
            details: [],
          },
          { status: 401 },
        ),
      ),
    );
    const { api } = client({ auth: { type: 'bearer', token: 'expired' } });
    const error = await api.listPipelines().catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      "kubeflow instance 'prod': GET /apis/v2beta1/pipelines failed with 401 Unauthorized: " +
        'UNAUTHENTICATED: Unauthenticated: invalid bearer token',
    );
    expect(error.message).not.toContain('expired');
  });
});
