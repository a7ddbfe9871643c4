// The KServe catalog provider (@mlops-portal/plugin-catalog-backend-module-kserve) against the
// sandbox's Kubernetes API scaled to 2,000 synthetic InferenceServices (400 in each of the five
// synthetic team namespaces), read as three `kubernetes.clusterLocatorMethods` clusters that all
// point at that one API server, each narrowed by `kserve.clusters[].namespaces` to its own
// namespaces (two, two and one: every synthetic InferenceService once). Two measurements:
//
// 1. One full refresh of the three providers (as the scheduler runs them: at once), built as the
//    catalog module builds them, next to the floor — the same list requests (per namespace, one
//    after the other, `limit` = the page size, then each `continue` token; the three clusters at
//    once) with the same bearer token, plain `fetch`, JSON-parsed, nothing else — each scenario in
//    its own process, so that peak RSS belongs to one scenario. The floor runs twice: in a bare
//    process (as in the other benchmarks; the target's floor) and, for context, in a process
//    that first sets up what the ingestion process sets up before its measured window (the
//    memory cache service and read cache of measureProviderRefresh, the three providers built):
//    the same modules loaded and the same heap, nothing more in the window. Every scenario
//    process runs with --expose-gc and collects garbage right before its window (settleHeap in
//    lib.ts), so that no scenario pays inside the window for what its setup left.
// 2. The time from a merge patch of one InferenceService's label (sent over HTTP to the sandbox)
//    to the delta mutation carrying its changed Component, with the providers connected (a full
//    refresh done, their watches running).
//
//   npm run bench -- kserve-ingestion
import { cpus, loadavg } from 'node:os';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { KserveEntityProvider } from '@mlops-portal/plugin-catalog-backend-module-kserve';
import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import {
  KserveClient,
  readKserveClusterConfigs,
} from '@mlops-portal/plugin-kserve-node';
import {
  createInstanceClients,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import {
  BenchProviderDeps,
  cpuMsSince,
  freePort,
  measureProviderRefresh,
  median,
  msSince,
  profileWindow,
  quantile,
  runScenarioProcess,
  settleHeap,
  silentLogger,
  startSandbox,
} from './lib';
import {
  CLUSTERS,
  INFERENCE_SERVICES,
  listPageUrl,
  PAGE_SIZE,
  RESOURCE,
  TOKEN,
} from './kserveSynthetic';

/**
 * Rounds (each scenario once per round, the order rotated from round to round so that each
 * scenario runs first, second and third equally often); the median time, the largest peak RSS
 * and the median of the rounds' own ingestion/floor ratios are reported. A multiple of the
 * number of scenarios.
 */
const RUNS = 24;
/** Patches timed to the catalog, after one untimed patch per namespace (the watches are up). */
const PATCHES = 20;
const TARGET_RATIO = 1.25;
const LIFECYCLE_LABEL = 'app.kubernetes.io/lifecycle';

type Scenario = 'floor' | 'floor-primed' | 'ingestion';
const SCENARIOS: Scenario[] = ['floor', 'floor-primed', 'ingestion'];

/** What a scenario process reports on its last stdout line. */
interface ScenarioResult {
  scenario: Scenario;
  wallMs: number;
  /** User + system CPU time of the scenario process while measuring. */
  cpuMs: number;
  peakRssMb: number;
  inferenceServices: number;
  pages: number;
  entities?: number;
}

/** What the watch scenario reports. */
interface LatencyResult {
  /** Patch sent → the delta mutation with the changed Component applied, per patch. */
  toCatalogMs: number[];
  /** Patch sent → the sandbox's answer to it, per patch (the HTTP round trip, for context). */
  patchAnswerMs: number[];
  /** Delta mutations applied in all, warm-up included. */
  deltas: number;
  peakRssMb: number;
}

/**
 * (a) The floor: every namespace's list pages, the three clusters at once, parsed and dropped;
 * `primed`, after the setup the ingestion process does before its window (kept alive meanwhile).
 */
async function floor(
  sandboxUrl: string,
  primed = false,
): Promise<ScenarioResult> {
  const setup = primed ? primedState(sandboxUrl) : undefined;
  const headers = {
    accept: 'application/json',
    authorization: `Bearer ${TOKEN}`,
  };
  const stopProfile = await profileWindow();
  settleHeap();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let inferenceServices = 0;
  let pages = 0;
  await Promise.all(
    CLUSTERS.map(async cluster => {
      for (const namespace of cluster.namespaces) {
        let continueToken: string | undefined;
        do {
          const url = listPageUrl(sandboxUrl, namespace, continueToken);
          const page = JSON.parse(await (await fetch(url, { headers })).text());
          inferenceServices += (page.items as unknown[]).length;
          pages++;
          continueToken = page.metadata?.continue || undefined;
        } while (continueToken);
      }
    }),
  );
  const wallMs = msSince(start);
  const cpuMs = cpuMsSince(cpu);
  await stopProfile();
  // Holds the setup through the window, as the ingestion process holds its own.
  if (setup && setup.length !== CLUSTERS.length) throw new Error('no setup');
  return {
    scenario: primed ? 'floor-primed' : 'floor',
    wallMs,
    cpuMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    inferenceServices,
    pages,
  };
}

/** What measureProviderRefresh and `ingestion` set up before the window, without running it. */
function primedState(sandboxUrl: string): KserveEntityProvider[] {
  const cache = CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('catalog');
  return createProviders(sandboxUrl, {
    readCache: new ReadCache({ cache, logger: silentLogger }),
    logger: silentLogger,
    schedule: { run: async () => {} },
  });
}

/** The app config: three clusters on the sandbox's API server, each with its namespaces. */
function benchConfig(sandboxUrl: string) {
  return new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: CLUSTERS.map(cluster => ({
            name: cluster.name,
            url: `${sandboxUrl}/kubernetes`,
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
            skipTLSVerify: true,
          })),
        },
      ],
    },
    kserve: {
      pageSize: PAGE_SIZE,
      clusters: CLUSTERS.map(cluster => ({
        name: cluster.name,
        namespaces: cluster.namespaces,
      })),
      // No MLflow is configured: no model Resources to depend on, no model versions to read.
      catalog: { defaultOwner: 'group:default/ml-platform' },
    },
  });
}

/**
 * The three providers as the catalog module builds them: `KserveEntityProvider.fromConfig` with
 * the clusters `kserveClustersServiceRef` makes (one KserveClient per cluster of
 * `readKserveClusterConfigs`, on the plugin's read cache), no MLflow clients, one task per
 * provider on `schedule`.
 */
function createProviders(
  sandboxUrl: string,
  deps: Pick<BenchProviderDeps, 'readCache' | 'logger' | 'schedule'>,
): KserveEntityProvider[] {
  const config = benchConfig(sandboxUrl);
  const clusters = createInstanceClients({
    system: KSERVE_SYSTEM,
    instances: readKserveClusterConfigs(config).clusters,
    createClient: instance =>
      new KserveClient({
        instance,
        logger: silentLogger,
        readCache: deps.readCache,
      }),
  });
  return KserveEntityProvider.fromConfig(config, {
    clusters,
    logger: deps.logger,
    schedule: deps.schedule,
  });
}

/**
 * (b) One full refresh of the three providers, at once (the scheduler starts their tasks with
 * the same initial delay), into one counting connection. Each provider is stopped before its
 * refresh, so the refresh reads and applies as always but starts no watch: the list requests
 * are all the requests, and no open watch keeps the process alive.
 */
async function ingestion(sandboxUrl: string): Promise<ScenarioResult> {
  const summaries: Array<Record<string, unknown>> = [];
  const refresh = await measureProviderRefresh(deps => {
    const logger = {
      ...deps.logger,
      child: () => logger,
      info: (message: string, meta?: unknown) => {
        summaries.push({ ...(meta as object) });
        deps.logger.info(message, meta as Error);
      },
    };
    const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
    const providers = createProviders(sandboxUrl, {
      ...deps,
      logger,
      // One task for measureProviderRefresh to run: the three providers' refreshes at once.
      schedule: {
        run: async task => {
          tasks.push(task);
          if (tasks.length === CLUSTERS.length) {
            await deps.schedule.run({
              id: 'kserve-providers:refresh',
              fn: async signal => {
                await Promise.all(tasks.map(t => t.fn(signal)));
              },
            });
          }
        },
      },
    });
    for (const provider of providers) void provider.stop();
    const all: EntityProvider = {
      getProviderName: () => 'kserve-providers',
      connect: async connection => {
        for (const provider of providers) await provider.connect(connection);
      },
    };
    return all;
  });
  if (summaries.length !== CLUSTERS.length) {
    throw new Error(
      `${summaries.length} of ${CLUSTERS.length} providers refreshed`,
    );
  }
  const sum = (field: string) =>
    summaries.reduce((total, s) => total + Number(s[field]), 0);
  return {
    scenario: 'ingestion',
    wallMs: refresh.wallMs,
    cpuMs: refresh.cpuMs,
    peakRssMb: refresh.peakRssMb,
    inferenceServices: sum('inferenceServices'),
    pages: sum('pages'),
    entities: refresh.entities,
  };
}

/**
 * (c) Patch → catalog: the three providers connected (a full refresh each, then their watches),
 * then one label merge patch at a time over HTTP, each timed until the delta mutation holding
 * the Component with the new label's value (its `spec.lifecycle`) has been handed to the
 * connection. One untimed patch per namespace first, so every watch is known to be up.
 */
async function latency(sandboxUrl: string): Promise<LatencyResult> {
  const headers = {
    accept: 'application/json',
    authorization: `Bearer ${TOKEN}`,
  };
  const cache = CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('catalog');
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const logger = {
    ...silentLogger,
    child: () => logger,
    error: (message: string, meta?: unknown) => {
      throw new Error(`${message}: ${String(meta)}`);
    },
  };
  const providers = createProviders(sandboxUrl, {
    readCache: new ReadCache({ cache, logger: silentLogger }),
    logger,
    schedule: {
      run: async task => {
        tasks.push(task);
      },
    },
  });

  /** Resolves the wait for `namespace/name` at `lifecycle` once a delta carries it. */
  const waiting = new Map<string, () => void>();
  let deltas = 0;
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      if (mutation.type !== 'delta') return;
      deltas++;
      for (const { entity } of mutation.added) {
        if (entity.kind !== 'Component') continue;
        const key = `${
          entity.metadata.annotations?.['kserve.io/inference-service']
        }@${
          (entity as Entity & { spec: { lifecycle: string } }).spec.lifecycle
        }`;
        waiting.get(key)?.();
      }
    },
    refresh: async () => {},
  };
  for (const provider of providers) await provider.connect(connection);
  await Promise.all(tasks.map(task => task.fn(new AbortController().signal)));

  const patch = async (namespace: string, name: string, lifecycle: string) => {
    const key = `${namespace}/${name}@${lifecycle}`;
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no delta for ${key} within 10 s`)),
        10_000,
      );
      waiting.set(key, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const start = process.hrtime.bigint();
    const response = await fetch(
      `${sandboxUrl}/kubernetes${RESOURCE}/namespaces/${namespace}/inferenceservices/${name}`,
      {
        method: 'PATCH',
        headers: {
          ...headers,
          'content-type': 'application/merge-patch+json',
        },
        body: JSON.stringify({
          metadata: { labels: { [LIFECYCLE_LABEL]: lifecycle } },
        }),
      },
    );
    await response.text();
    if (!response.ok) {
      throw new Error(`PATCH ${namespace}/${name} answered ${response.status}`);
    }
    const answered = msSince(start);
    await arrived;
    const toCatalog = msSince(start);
    waiting.delete(key);
    return { answered, toCatalog };
  };
  const namespaces = CLUSTERS.flatMap(cluster => cluster.namespaces);
  // The synthetic InferenceService i (1-based) is in namespace (i - 1) % 5.
  const nameOf = (i: number) => `synthetic-isvc-${String(i).padStart(5, '0')}`;
  for (const [index, namespace] of namespaces.entries()) {
    await patch(namespace, nameOf(index + 1), 'bench-warm-up');
  }
  const toCatalogMs: number[] = [];
  const patchAnswerMs: number[] = [];
  for (let i = 0; i < PATCHES; i++) {
    // A different object each time, round the namespaces (and so the three clusters).
    const index = 1 + ((i * 101) % INFERENCE_SERVICES);
    const namespace = namespaces[(index - 1) % namespaces.length];
    const timing = await patch(namespace, nameOf(index), `bench-${i}`);
    toCatalogMs.push(timing.toCatalog);
    patchAnswerMs.push(timing.answered);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  await Promise.all(providers.map(provider => provider.stop()));
  return {
    toCatalogMs,
    patchAnswerMs,
    deltas,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

async function main() {
  const port = await freePort();
  const sandbox = await startSandbox(port, [
    '--inference-services',
    String(INFERENCE_SERVICES),
  ]);
  const loadBefore = loadavg()[0];
  const run = (scenario: Scenario) =>
    runScenarioProcess<ScenarioResult>(
      __filename,
      [scenario, sandbox.baseUrl],
      {
        exposeGc: true,
      },
    );
  try {
    const requests = async () =>
      (await sandbox.stats()).systems.kubernetes?.routes ?? {};
    const total = (routes: Record<string, number>) =>
      Object.values(routes).reduce((a, b) => a + b, 0);
    // Warms the sandbox (its first answers are slower) so neither scenario pays for that.
    await run('floor');

    const results = {} as Record<Scenario, ScenarioResult[]>;
    const sent = {} as Record<Scenario, Record<string, number>>;
    for (let round = 0; round < RUNS; round++) {
      const first = round % SCENARIOS.length;
      const order = [...SCENARIOS.slice(first), ...SCENARIOS.slice(0, first)];
      for (const scenario of order) {
        await sandbox.reset();
        (results[scenario] ??= []).push(await run(scenario));
        sent[scenario] = await requests();
      }
    }
    await sandbox.reset();
    const watched = await runScenarioProcess<LatencyResult>(__filename, [
      'latency',
      sandbox.baseUrl,
    ]);
    const watchRequests = await requests();

    const floorRuns = results.floor;
    console.log(
      `load average (1 min) ${loadBefore.toFixed(
        2,
      )} before, ${loadavg()[0].toFixed(2)} after, on ${cpus().length} CPUs; ` +
        `sandbox: ${floorRuns[0].inferenceServices} InferenceServices in ${
          CLUSTERS.flatMap(c => c.namespaces).length
        } namespaces, read as ${CLUSTERS.length} clusters (${CLUSTERS.map(
          c => `${c.name}: ${c.namespaces.join(', ')}`,
        ).join('; ')}) at page size ${PAGE_SIZE}; no MLflow configured; ` +
        `${RUNS} rounds of one run per scenario (the order rotated), each run in its own process`,
    );
    for (const scenario of SCENARIOS) {
      const runs = results[scenario];
      console.log(
        `${scenario.padEnd(12)} wall median ${median(
          runs.map(r => r.wallMs),
        ).toFixed(0)} ms [${runs
          .map(r => r.wallMs.toFixed(0))
          .join(', ')}], CPU median ${median(runs.map(r => r.cpuMs)).toFixed(
          0,
        )} ms, peak RSS ${Math.max(...runs.map(r => r.peakRssMb)).toFixed(
          0,
        )} MB, ${total(sent[scenario])} upstream requests ${JSON.stringify(
          sent[scenario],
        )}, ${runs[0].pages} pages, ${
          runs[0].inferenceServices
        } InferenceServices` +
          (runs[0].entities === undefined
            ? ''
            : `, ${runs[0].entities} entities`),
      );
    }
    const wall = (scenario: Scenario) =>
      median(results[scenario].map(r => r.wallMs));
    const ratioOfMedians = wall('ingestion') / wall('floor');
    // The machine's speed drifts between rounds; a round's two runs share its conditions.
    const roundRatios = results.ingestion.map(
      (run, round) => run.wallMs / results.floor[round].wallMs,
    );
    const ratio = median(roundRatios);
    const same = JSON.stringify(sent.ingestion) === JSON.stringify(sent.floor);
    console.log(
      `             targets: ${ratio.toFixed(
        2,
      )}x the floor, the median of the rounds' ratios [${roundRatios
        .map(r => r.toFixed(2))
        .join(', ')}] (<= ${TARGET_RATIO}x: ${
        ratio <= TARGET_RATIO ? 'ok' : 'MISSED'
      }; ratio of the medians ${ratioOfMedians.toFixed(2)}x), ` +
        `the floor's requests (${same ? 'ok' : 'MISSED'}); ` +
        `${(wall('ingestion') / wall('floor-primed')).toFixed(
          2,
        )}x floor-primed (context)`,
    );
    const ms = (values: number[], q: number) => quantile(values, q).toFixed(1);
    console.log(
      `patch -> catalog (${PATCHES} label merge patches, watches running): median ${ms(
        watched.toCatalogMs,
        0.5,
      )} ms, p95 ${ms(watched.toCatalogMs, 0.95)} ms, max ${ms(
        watched.toCatalogMs,
        1,
      )} ms [${watched.toCatalogMs
        .map(v => v.toFixed(0))
        .join(', ')}]; the PATCH answered in median ${ms(
        watched.patchAnswerMs,
        0.5,
      )} ms, p95 ${ms(watched.patchAnswerMs, 0.95)} ms; ${
        watched.deltas
      } delta mutations, peak RSS ${watched.peakRssMb.toFixed(0)} MB, ${total(
        watchRequests,
      )} upstream requests ${JSON.stringify(watchRequests)}`,
    );
    const expected = floorRuns[0].inferenceServices;
    if (results.ingestion.some(r => r.entities !== 2 * expected)) {
      throw new Error(
        'the refresh did not apply two entities per InferenceService',
      );
    }
    if (expected !== INFERENCE_SERVICES) {
      throw new Error(
        `the floor listed ${expected} InferenceServices, not ${INFERENCE_SERVICES}`,
      );
    }
  } finally {
    await sandbox.stop();
  }
}

const [scenarioArg, sandboxUrl] = process.argv.slice(2) as [
  Scenario | 'latency' | undefined,
  string,
];
const scenarios = {
  floor: (url: string) => floor(url),
  'floor-primed': (url: string) => floor(url, true),
  ingestion,
  latency,
} as const;
const work = scenarioArg
  ? scenarios[scenarioArg](sandboxUrl).then(result => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    })
  : main();
work.catch(error => {
  console.error(error);
  process.exit(1);
});
