// The MLflow backend plugin's runs route under load: a real Backstage backend (catalog, permission
// backend with the MLOps policy, the MLflow plugin) in its own process, the sandbox in another, and
// the keep-alive clients (1, 10, then 50 at once, each sending its next request when the last one
// answered) in this one, so that neither the upstream nor the load generator shares the event
// loop with the code measured.
//
//   npm run bench -- mlflow-routes
//
// Prints, as Markdown table rows for bench/RESULTS.md: p50/p99 latency, throughput and backend CPU
// per request, each next to the floor (the same backend answering the same body from a route that
// does nothing else: authentication, Backstage's HTTP middleware and the socket are what is left),
// and the upstream requests the measured requests caused.
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { AddressInfo, createServer } from 'node:net';
import { resolve } from 'node:path';
import { msSince, quantile, startSandbox } from './lib';

/** The issue's figure is at 50; the lower levels show where the latency comes from. */
const LOAD_LEVELS = [
  { concurrency: 1, requests: 2_000 },
  { concurrency: 10, requests: 10_000 },
  { concurrency: 50, requests: 20_000 },
];
const MAX_CONCURRENCY = 50;
/** Per-client request rates of the open-loop runs, each for PACED_SECONDS. */
const PACED_RATES = [2, 10, 20];
// Long enough that one garbage collection or catalog processing pass does not make the p99.
const PACED_SECONDS = 30;
const WARMUP_REQUESTS = 2_000;
const ENTITY = 'component/default/fraud-detection-model';
const ROUTE = '/api/mlflow/entity/default/component/fraud-detection-model/runs';
const FLOOR_ROUTE = '/api/mlflow-bench-floor/runs';

/** What the parent hands the backend process. */
interface ServeOptions {
  port: number;
  sandboxUrl: string;
  token: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise(done => server.close(done));
  return port;
}

// ------------------------------------------------------------------------------------- backend

async function serve(options: ServeOptions) {
  const { createBackend } = await import('@backstage/backend-defaults');
  const { coreServices, createBackendPlugin, createServiceFactory } =
    await import('@backstage/backend-plugin-api');
  const { ConfigReader } = await import('@backstage/config');
  const { default: Router } = await import('express-promise-router');

  const config = new ConfigReader({
    backend: {
      baseUrl: `http://127.0.0.1:${options.port}`,
      listen: { host: '127.0.0.1', port: options.port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: options.token, subject: 'mlflow-bench' },
          },
        ],
      },
    },
    permission: { enabled: true },
    catalog: {
      rules: [{ allow: ['Component', 'System'] }],
      locations: [
        {
          type: 'file',
          target: resolve(__dirname, '..', 'demo', 'projects.yaml'),
        },
      ],
    },
    mlflow: {
      instances: [{ name: 'sandbox', baseUrl: `${options.sandboxUrl}/mlflow` }],
    },
  });

  // The floor: a route on the same stack that answers the body it was given and does no work.
  let floorBody = '{}';
  process.on('message', (message: { floorBody?: string } | string) => {
    if (message === 'cpu') {
      process.send?.({ cpu: process.cpuUsage() });
    } else if (typeof message === 'object' && message.floorBody) {
      floorBody = message.floorBody;
      process.send?.('floor-set');
    }
  });
  const floorPlugin = createBackendPlugin({
    pluginId: 'mlflow-bench-floor',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get('/runs', async (req, res) => {
            await httpAuth.credentials(req);
            res
              .type('json')
              .setHeader('Content-Length', Buffer.byteLength(floorBody));
            res.end(floorBody);
          });
          httpRouter.use(router);
        },
      });
    },
  });

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => config,
    }),
  );
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@mlops-portal/plugin-permission-backend-module-mlops-policy'),
  );
  backend.add(import('@mlops-portal/plugin-mlflow-backend'));
  backend.add(floorPlugin);
  await backend.start();
  process.send?.('started');
}

// ------------------------------------------------------------------------------------- clients

const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_CONCURRENCY });

function get(
  port: number,
  path: string,
  token: string,
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        headers: { authorization: `Bearer ${token}` },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', fail);
      },
    );
    req.on('error', fail);
  });
}

/** `concurrency` clients, each sending its next request as soon as the last one answered. */
async function hammer(
  port: number,
  token: string,
  path: string,
  concurrency: number,
  total: number,
) {
  const latencies: number[] = [];
  const failures: string[] = [];
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      issued++;
      const start = process.hrtime.bigint();
      const res = await get(port, path, token);
      latencies.push(msSince(start));
      if (res.status !== 200) {
        failures.push(`${res.status} ${res.body.slice(0, 200)}`);
      }
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, failures, wallMs: msSince(start) };
}

/**
 * `clients` clients, each sending one request every `intervalMs` (open loop): the load of that
 * many people with the page open, rather than of load generators firing back to back. Latency
 * is measured from the time a request was due, so a server falling behind is not hidden
 * (no coordinated omission).
 */
async function paced(
  port: number,
  token: string,
  path: string,
  clients: number,
  intervalMs: number,
  perClient: number,
) {
  const latencies: number[] = [];
  const failures: string[] = [];
  const begin = Number(process.hrtime.bigint()) / 1e6;
  const client = async (index: number) => {
    // Clients start spread over one interval, as people do not click in step.
    const offset = (index * intervalMs) / clients;
    for (let i = 0; i < perClient; i++) {
      const due = begin + offset + i * intervalMs;
      const wait = due - Number(process.hrtime.bigint()) / 1e6;
      if (wait > 0) await new Promise(r => setTimeout(r, wait));
      const res = await get(port, path, token);
      latencies.push(Number(process.hrtime.bigint()) / 1e6 - due);
      if (res.status !== 200) {
        failures.push(`${res.status} ${res.body.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  return { latencies, failures };
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

async function main() {
  const sandboxPort = await freePort();
  const sandbox = await startSandbox(sandboxPort, []);
  let backend: ChildProcess | undefined;
  try {
    const options: ServeOptions = {
      port: await freePort(),
      sandboxUrl: sandbox.baseUrl,
      token: randomBytes(24).toString('base64url'),
    };
    backend = fork(__filename, ['serve'], {
      env: {
        ...process.env,
        // Request logs at 20,000 requests would measure the terminal.
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        MLFLOW_ROUTES_BENCH: JSON.stringify(options),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child = backend;
    await new Promise<void>((done, fail) => {
      // Backstage's TypeScript loader talks over the same channel ({ type: 'watch' }).
      child.on('message', message => message === 'started' && done());
      child.once('exit', code => fail(new Error(`backend exited (${code})`)));
    });
    await waitFor('the catalog to hold the demo entity', async () => {
      const res = await get(
        options.port,
        `/api/catalog/entities/by-name/${ENTITY}`,
        options.token,
      );
      return res.status === 200;
    });

    const first = await get(options.port, ROUTE, options.token);
    const page = JSON.parse(first.body);
    if (
      first.status !== 200 ||
      page.items?.length !== 25 ||
      page.errors?.length
    ) {
      throw new Error(
        `unexpected answer ${first.status}: ${first.body.slice(0, 500)}`,
      );
    }

    child.send({ floorBody: first.body });
    await new Promise<void>(done =>
      child.on('message', message => message === 'floor-set' && done()),
    );

    const upstream = async () =>
      (await sandbox.stats()).systems.mlflow ?? { total: 0, routes: {} };
    // The backend's CPU time: unlike latency, barely moved by other load on the machine.
    const backendCpuMs = () =>
      new Promise<number>(done => {
        const listener = (message: unknown) => {
          const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu;
          if (cpu) {
            child.off('message', listener);
            done((cpu.user + cpu.system) / 1000);
          }
        };
        child.on('message', listener);
        child.send('cpu');
      });
    const measure = async (
      path: string,
      level: { concurrency: number; requests: number },
    ) => {
      const cpuBefore = await backendCpuMs();
      const result = await hammer(
        options.port,
        options.token,
        path,
        level.concurrency,
        level.requests,
      );
      if (result.failures.length > 0) {
        throw new Error(
          `${result.failures.length} requests to ${path} failed, e.g. ${result.failures[0]}`,
        );
      }
      const cpuUs =
        (((await backendCpuMs()) - cpuBefore) / level.requests) * 1000;
      return {
        p50: quantile(result.latencies, 0.5).toFixed(2),
        p99: quantile(result.latencies, 0.99).toFixed(2),
        rate: Math.round((level.requests / result.wallMs) * 1000),
        cpuUs: Math.round(cpuUs),
      };
    };

    for (const path of [FLOOR_ROUTE, ROUTE]) {
      await hammer(
        options.port,
        options.token,
        path,
        MAX_CONCURRENCY,
        WARMUP_REQUESTS,
      );
    }
    console.log(
      `GET ${ROUTE} (${
        Buffer.byteLength(first.body) >> 10
      } KiB answers), warm (${WARMUP_REQUESTS} requests first); ${
        cpus().length
      } CPUs, load average ${loadavg()
        .map(l => l.toFixed(1))
        .join(' ')} at the start. Target: p99 <= 15 ms at 50 clients.\n`,
    );
    console.log(
      '| clients | requests | runs route p50 / p99 (ms) | floor p50 / p99 (ms) | requests/s, route / floor | backend CPU µs/request, route / floor |',
    );
    console.log('|---|---|---|---|---|---|');
    const before = await upstream();
    for (const level of LOAD_LEVELS) {
      const floor = await measure(FLOOR_ROUTE, level);
      const route = await measure(ROUTE, level);
      console.log(
        `| ${level.concurrency} | ${level.requests} | ${route.p50} / ${route.p99} | ${floor.p50} / ${floor.p99} | ${route.rate} / ${floor.rate} | ${route.cpuUs} / ${floor.cpuUs} |`,
      );
    }
    console.log(
      `\n${MAX_CONCURRENCY} clients, each sending one request every interval (open loop, latency from when the request was due):\n`,
    );
    console.log(
      '| requests/s per client | total requests/s | requests | runs route p50 / p99 (ms) | floor p50 / p99 (ms) |',
    );
    console.log('|---|---|---|---|---|');
    for (const perSecond of PACED_RATES) {
      const intervalMs = 1000 / perSecond;
      const perClient = Math.round(perSecond * PACED_SECONDS);
      const results = [];
      for (const path of [ROUTE, FLOOR_ROUTE]) {
        const result = await paced(
          options.port,
          options.token,
          path,
          MAX_CONCURRENCY,
          intervalMs,
          perClient,
        );
        if (result.failures.length > 0) {
          throw new Error(
            `${result.failures.length} requests to ${path} failed, e.g. ${result.failures[0]}`,
          );
        }
        results.push(
          `${quantile(result.latencies, 0.5).toFixed(2)} / ${quantile(
            result.latencies,
            0.99,
          ).toFixed(2)}`,
        );
      }
      console.log(
        `| ${perSecond} | ${perSecond * MAX_CONCURRENCY} | ${
          perClient * MAX_CONCURRENCY
        } | ${results[0]} | ${results[1]} |`,
      );
    }

    const after = await upstream();
    const routes = Object.entries(after.routes)
      .map(
        ([route, count]) =>
          [route, count - (before.routes[route] ?? 0)] as const,
      )
      .filter(([, count]) => count > 0)
      .map(([route, count]) => `${route} x${count}`);
    console.log(
      `\nUpstream MLflow requests caused by the ${
        LOAD_LEVELS.reduce((sum, level) => sum + level.requests, 0) +
        PACED_RATES.reduce(
          (sum, rate) =>
            sum + Math.round(rate * PACED_SECONDS) * MAX_CONCURRENCY,
          0,
        )
      } measured runs-route requests: ${after.total - before.total}${
        routes.length ? ` (${routes.join(', ')})` : ''
      }`,
    );
  } finally {
    backend?.kill('SIGTERM');
    await sandbox.stop();
    agent.destroy();
  }
}

if (process.argv[2] === 'serve') {
  serve(JSON.parse(process.env.MLFLOW_ROUTES_BENCH!)).catch(error => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
