import express from 'express';
import type { Server } from 'http';
import { AddressInfo } from 'net';
import { createAdminRouter } from './admin/router';
import { createAirflowV1Router } from './airflow/routerV1';
import { createAirflowV2Router } from './airflow/routerV2';
import { AirflowState } from './airflow/state';
import { buildDataset } from './dataset';
import { SandboxRoute, SystemId } from './http/routes';
import { StatsRecorder } from './http/stats';
import { createKubeflowRouter } from './kubeflow/router';
import { KubeflowState } from './kubeflow/state';
import { createKubernetesRouter } from './kubernetes/router';
import { KubernetesState } from './kubernetes/state';
import { WatchHub } from './kubernetes/watch';
import { createMlflowRouter } from './mlflow/router';
import { MlflowState } from './mlflow/state';
import { createOidcRouter } from './oidc/router';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  ResolvedSandboxOptions,
  SandboxOptions,
  resolveOptions,
} from './options';
import { LogicalClock } from './time';

export type {
  SandboxOptions,
  ScaleOptions,
  ResolvedSandboxOptions,
} from './options';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SEED,
  DEFAULT_KFP_TOKEN,
  DEFAULT_K8S_TOKEN,
  DEFAULT_KFP_PROFILES,
  KFP_OTHER_USER,
  KFP_PORTAL_USER,
  resolveOptions,
} from './options';
export type {
  SandboxRoute,
  SystemId,
  ContractName,
  HttpMethod,
} from './http/routes';
export { ROUTE_HEADER } from './http/routes';
export type { SandboxStats } from './http/stats';
export * from './story/names';
export { kfpIds } from './story/kubeflow';
export { mlflowRunId } from './story/mlflowRuns';
export { scheduledRunId } from './story/airflow';
export { SYNTHETIC_OWNERS, syntheticModelName } from './synthetic';
export { SANDBOX_OIDC_JWK } from './oidc/router';
export { MlflowState } from './mlflow/state';
export { AirflowState } from './airflow/state';
export { KubeflowState } from './kubeflow/state';
export { KubernetesState } from './kubernetes/state';

/** Mount prefix of every system. */
export const MOUNTS: Record<SystemId, string> = {
  mlflow: '/mlflow',
  mlflow2: '/mlflow2',
  airflow: '/airflow',
  airflow2: '/airflow2',
  kubeflow: '/kubeflow',
  kubernetes: '/kubernetes',
  oidc: '/oidc',
  sandbox: '/__sandbox',
};

/** The mutable state of all emulated systems (replaced by reset). */
export interface SandboxState {
  clock: LogicalClock;
  mlflow: MlflowState;
  airflow: AirflowState;
  kubeflow: KubeflowState;
  kubernetes: KubernetesState;
}

/** A sandbox: an express app serving every mount, plus its route table and state. */
export interface Sandbox {
  /** The express app (use with supertest, or listen()). */
  app: express.Express;
  /** Every registered route, generated at registration. */
  routes: SandboxRoute[];
  /** Current state (a new object after reset()). */
  readonly state: SandboxState;
  /** Options with defaults applied. */
  options: ResolvedSandboxOptions;
  /** Request counters. */
  stats: StatsRecorder;
  /** Restores the seeded state and zeroes the counters. */
  reset(): void;
  /** Base URL of each mount for the current publicUrl. */
  baseUrls(): Record<SystemId, string>;
  /** Starts listening (loopback by default); resolves with the server. */
  listen(port?: number, host?: string): Promise<Server>;
}

function buildState(options: ResolvedSandboxOptions): SandboxState {
  const clock = new LogicalClock();
  const dataset = buildDataset(options);
  return {
    clock,
    mlflow: new MlflowState(dataset.mlflow, clock),
    airflow: new AirflowState(dataset.airflow, clock, options.seed),
    kubeflow: new KubeflowState(dataset.kubeflow, clock),
    kubernetes: new KubernetesState(dataset.kserve, clock, {
      historySize: options.kubernetes.watchHistorySize,
    }),
  };
}

/** Creates the demo MLOps stack (MLflow, Airflow, KFP, Kubernetes/KServe, OIDC) in one app. */
export function createSandbox(input: SandboxOptions = {}): Sandbox {
  const options = resolveOptions(input);
  const stats = new StatsRecorder();
  const routes: SandboxRoute[] = [];
  let state = buildState(options);
  let publicUrl = options.publicUrl;
  const watches = new WatchHub(options.kubernetes.bookmarkIntervalMs);
  const app = express();
  app.set('query parser', 'simple');
  app.set('etag', false);
  app.disable('x-powered-by');

  const common = { table: routes, stats };
  const airflowAuth = options.airflow;
  app.use(
    MOUNTS.mlflow,
    createMlflowRouter({
      ...common,
      mount: MOUNTS.mlflow,
      flavor: '3',
      state: () => state.mlflow,
    }),
  );
  app.use(
    MOUNTS.mlflow2,
    createMlflowRouter({
      ...common,
      mount: MOUNTS.mlflow2,
      flavor: '2',
      state: () => state.mlflow,
    }),
  );
  app.use(
    MOUNTS.airflow,
    createAirflowV2Router({
      ...common,
      mount: MOUNTS.airflow,
      state: () => state.airflow,
      auth: airflowAuth,
    }),
  );
  app.use(
    MOUNTS.airflow2,
    createAirflowV1Router({
      ...common,
      mount: MOUNTS.airflow2,
      state: () => state.airflow,
      auth: airflowAuth,
    }),
  );
  app.use(
    MOUNTS.kubeflow,
    createKubeflowRouter({
      ...common,
      mount: MOUNTS.kubeflow,
      state: () => state.kubeflow,
      auth: options.kubeflow,
    }),
  );
  app.use(
    MOUNTS.kubernetes,
    createKubernetesRouter({
      ...common,
      mount: MOUNTS.kubernetes,
      state: () => state.kubernetes,
      token: options.kubernetes.token,
      publicUrl: () => publicUrl,
      watches,
    }),
  );
  app.use(
    MOUNTS.oidc,
    createOidcRouter({
      ...common,
      mount: MOUNTS.oidc,
      publicUrl: () => publicUrl,
    }),
  );

  const sandbox: Sandbox = {
    app,
    routes,
    get state() {
      return state;
    },
    options,
    stats,
    reset() {
      // Watches follow the old state: end them, as a restarted API server would.
      watches.closeAll();
      state = buildState(options);
      stats.reset();
    },
    baseUrls() {
      return Object.fromEntries(
        (Object.keys(MOUNTS) as SystemId[]).map(id => [
          id,
          `${publicUrl}${MOUNTS[id]}`,
        ]),
      ) as Record<SystemId, string>;
    },
    listen(port = DEFAULT_PORT, host = DEFAULT_HOST) {
      return new Promise((resolve, reject) => {
        const server = app.listen(port, host);
        // Open watch streams would keep server.close() waiting for ever; end them first.
        const close = server.close.bind(server);
        server.close = ((callback?: (error?: Error) => void) => {
          watches.closeAll(true);
          return close(callback);
        }) as Server['close'];
        server.once('error', reject);
        server.once('listening', () => {
          if (!options.publicUrlExplicit) {
            const address = server.address() as AddressInfo;
            // A wildcard bind is reachable on loopback; IPv6 literals need brackets in URLs.
            let shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
            if (shownHost.includes(':')) shownHost = `[${shownHost}]`;
            publicUrl = `http://${shownHost}:${address.port}`;
          }
          resolve(server);
        });
      });
    },
  };

  app.use(
    MOUNTS.sandbox,
    createAdminRouter({
      ...common,
      mount: MOUNTS.sandbox,
      reset: () => sandbox.reset(),
      describe: () => ({
        seed: options.seed,
        scale: options.scale,
        mounts: sandbox.baseUrls(),
      }),
    }),
  );
  app.use((req, res) => {
    res.status(404).json({
      error: `No sandbox mount serves ${req.path}`,
      mounts: sandbox.baseUrls(),
    });
  });
  return sandbox;
}
