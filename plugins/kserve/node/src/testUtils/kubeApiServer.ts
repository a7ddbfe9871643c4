/* eslint-disable jest/no-export */
// A test utility module: it exports the jest `describe` helper below, for other packages' tests.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KserveClusterConfig } from '@mlops-portal/plugin-kserve-node';
import {
  expectOk,
  freePort,
  isAlive,
  kubeApiServerAvailability,
  readCrd,
  send,
  sharedDir,
  sleep,
  waitForCrd,
} from './kubeApiServerSupport';

export { kubeApiServerAvailability };

/**
 * A real kube-apiserver (v1.20, with etcd) on 127.0.0.1 with the upstream KServe
 * InferenceService CRD loaded, for integration tests. Nothing reconciles objects: a test writes
 * `.status` itself. Use a fresh namespace per test.
 *
 * @public
 */
export interface KubeApiServer {
  /** The API server URL (https, self-signed). */
  url: string;
  /** A bearer token of `system:masters`. */
  token: string;
  /** A cluster config for this server: bearer token, TLS verification skipped, no retries or cache. */
  clusterConfig(
    name: string,
    overrides?: Partial<KserveClusterConfig>,
  ): KserveClusterConfig;
  /** Creates a fresh namespace named `<prefix>-<random>` and returns its name. */
  createNamespace(prefix: string): Promise<string>;
  /** Server-side apply of any object (an Event, a Namespace, an InferenceService…). */
  applyRaw(object: Record<string, unknown>): Promise<void>;
  /** Replaces an InferenceService's status through the status subresource. */
  writeStatus(namespace: string, name: string, status: unknown): Promise<void>;
  /** Stops etcd and the API server and removes their state. */
  stop(): Promise<void>;
}

const FIELD_MANAGER = 'kserve-tests';

const running = new Set<number>();
// A jest worker that exits without afterAll (a crash, a timeout) must not leave servers behind.
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/**
 * Starts etcd and kube-apiserver on free ports (`../shared/tools/kube-apiserver/start.sh`),
 * creates the upstream InferenceService CRD and waits until it is Established and served.
 * Takes about 6 to 10 seconds.
 *
 * @public
 */
export async function startKubeApiServer(): Promise<KubeApiServer> {
  const availability = kubeApiServerAvailability();
  if (!availability.available) {
    throw new Error(`Cannot start a kube-apiserver: ${availability.reason}`);
  }
  const shared = sharedDir()!;
  const stateDir = await fs.mkdtemp(join(tmpdir(), 'kserve-kube-'));
  const [apiPort, etcdPort, peerPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const token = `kserve-test-${randomBytes(12).toString('hex')}`;
  const script = join(shared, 'tools', 'kube-apiserver', 'start.sh');
  const output = await new Promise<{ code: number | null; log: string }>(
    done => {
      const child = spawn('bash', [script, stateDir], {
        env: {
          ...process.env,
          API_PORT: String(apiPort),
          ETCD_PORT: String(etcdPort),
          ETCD_PEER_PORT: String(peerPort),
          KUBE_TEST_TOKEN: token,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      child.stdout.on('data', chunk => (log += chunk));
      child.stderr.on('data', chunk => (log += chunk));
      child.on('close', code => done({ code, log }));
    },
  );
  const pids = (
    await fs.readFile(join(stateDir, 'pids'), 'utf8').catch(() => '')
  )
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  pids.forEach(pid => running.add(pid));

  const stop = async () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    for (let i = 0; i < 50 && pids.some(isAlive); i++) await sleep(100);
    for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
    pids.forEach(pid => running.delete(pid));
    await fs.rm(stateDir, { recursive: true, force: true });
  };

  if (output.code !== 0) {
    await stop();
    throw new Error(`kube-apiserver did not start: ${output.log.slice(-2000)}`);
  }
  const url = `https://127.0.0.1:${apiPort}`;
  const call = (method: string, path: string, body?: unknown, type?: string) =>
    send(url, token, method, path, body, type);
  try {
    await expectOk(
      call(
        'POST',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        readCrd(shared),
      ),
      'Creating the InferenceService CRD',
    );
    await waitForCrd(call);
  } catch (error) {
    await stop();
    throw error;
  }

  const discovery = new Map<
    string,
    Array<{ kind: string; name: string; namespaced: boolean }>
  >();
  const resourceFor = async (apiVersion: string, kind: string) => {
    if (!discovery.has(apiVersion)) {
      const base = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`;
      const list = await expectOk(
        call('GET', base),
        `Discovering ${apiVersion}`,
      );
      discovery.set(apiVersion, list.resources);
    }
    const resource = discovery
      .get(apiVersion)!
      .find(
        candidate => candidate.kind === kind && !candidate.name.includes('/'),
      );
    if (!resource) throw new Error(`${apiVersion} has no kind ${kind}`);
    return resource;
  };

  return {
    url,
    token,
    clusterConfig: (name, overrides = {}) => ({
      name,
      baseUrl: url,
      uiUrl: url,
      auth: { type: 'bearer', token },
      timeoutMs: 10_000,
      retries: 0,
      cacheTtlMs: 0,
      skipTLSVerify: true,
      namespaces: [],
      pageSize: 500,
      ...overrides,
    }),
    async createNamespace(prefix) {
      const base = prefix
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .slice(0, 50);
      const name = `${base}-${randomBytes(3).toString('hex')}`.replace(
        /^-+/,
        '',
      );
      await expectOk(
        call('POST', '/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name },
        }),
        `Creating namespace ${name}`,
      );
      return name;
    },
    async applyRaw(object) {
      const { apiVersion, kind, metadata } = object as {
        apiVersion: string;
        kind: string;
        metadata: { name: string; namespace?: string };
      };
      const resource = await resourceFor(apiVersion, kind);
      const base = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`;
      const scope =
        resource.namespaced && metadata.namespace
          ? `/namespaces/${metadata.namespace}`
          : '';
      await expectOk(
        call(
          'PATCH',
          `${base}${scope}/${resource.name}/${metadata.name}?fieldManager=${FIELD_MANAGER}&force=true`,
          object,
          'application/apply-patch+yaml',
        ),
        `Applying ${kind} ${metadata.namespace ?? ''}/${metadata.name}`,
      );
    },
    async writeStatus(namespace, name, status) {
      const path = `/apis/serving.kserve.io/v1beta1/namespaces/${namespace}/inferenceservices/${name}`;
      const current = await expectOk(
        call('GET', path),
        `Reading ${namespace}/${name}`,
      );
      await expectOk(
        call('PUT', `${path}/status`, { ...current, status }),
        `Writing the status of ${namespace}/${name}`,
      );
    },
    stop,
  };
}

let warned = false;

/**
 * A jest `describe` with one kube-apiserver for its tests (started in `beforeAll`, stopped in
 * `afterAll`). Where none can start, it is skipped with the reason printed once; where
 * `MLOPS_KUBE_APISERVER_REQUIRED` is set (`.ci/run` sets it) it fails with the reason instead.
 *
 * @public
 */
export function describeWithKubeApiServer(
  name: string,
  fn: (server: () => KubeApiServer) => void,
): void {
  const availability = kubeApiServerAvailability();
  if (!availability.available) {
    const { reason } = availability;
    if (
      /^(1|true|yes)$/i.test(process.env.MLOPS_KUBE_APISERVER_REQUIRED ?? '')
    ) {
      // eslint-disable-next-line jest/valid-title
      describe(name, () => {
        // CI installs etcd and has ../shared: there a missing one is a broken setup, not green.
        // eslint-disable-next-line jest/expect-expect
        it('needs a kube-apiserver', () => {
          throw new Error(`No kube-apiserver can start here: ${reason}`);
        });
      });
      return;
    }
    if (!warned) {
      warned = true;
      // eslint-disable-next-line no-console
      console.warn(`Skipping kube-apiserver tests: ${reason}`);
    }
    // eslint-disable-next-line jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests
    describe.skip(name, () =>
      fn(() => {
        throw new Error(reason);
      }),
    );
    return;
  }
  // eslint-disable-next-line jest/valid-title
  describe(name, () => {
    let server: KubeApiServer | undefined;
    beforeAll(async () => {
      server = await startKubeApiServer();
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    }, 30_000);
    fn(() => {
      if (!server) throw new Error('The kube-apiserver did not start');
      return server;
    });
  });
}
