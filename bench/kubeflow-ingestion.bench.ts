// The Kubeflow catalog provider (@mlops-portal/plugin-catalog-backend-module-kubeflow) against the
// sandbox scaled to 2,000 synthetic pipelines with 5 versions each (10,000 versions, plus the
// story's 2 pipelines): one full refresh next to the floor — the same requests (every
// `GET /pipelines` page, then per pipeline one newest-first `GET /pipelines/{id}/versions` page of
// one, as many at once as the provider sends) with the same transport (`fetch`, the bearer
// token), JSON-parsed, nothing else — each scenario in its own process, so that peak RSS belongs
// to one scenario.
//
//   npm run bench -- kubeflow-ingestion
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { KubeflowEntityProvider } from '@mlops-portal/plugin-catalog-backend-module-kubeflow';
import { createKubeflowClients } from '@mlops-portal/plugin-kubeflow-node';
import {
  cpuMsSince,
  freePort,
  measureProviderRefresh,
  median,
  msSince,
  runScenarioProcess,
  silentLogger,
  startSandbox,
} from './lib';

const PIPELINES = 2_000;
const VERSIONS_PER_PIPELINE = 5;
/** The client's default page size (KFP caps pages at 200). */
const PAGE_SIZE = 100;
/** Versions requests the provider keeps in flight (VERSION_READS_IN_FLIGHT); the floor's too. */
const VERSIONS_IN_FLIGHT = 4;
/** Alternating runs per scenario; the median time and the largest peak RSS are reported. */
const RUNS = 7;
const TARGET_RATIO = 1.25;
const TOKEN = 'sandbox-kfp-token';
const API = '/kubeflow/apis/v2beta1';

type Scenario = 'floor' | 'ingestion';
const SCENARIOS: Scenario[] = ['floor', 'ingestion'];

/** What a scenario process reports on its last stdout line. */
interface ScenarioResult {
  scenario: Scenario;
  wallMs: number;
  /** User + system CPU time of the scenario process while measuring. */
  cpuMs: number;
  peakRssMb: number;
  pipelines: number;
  entities?: number;
}

/** (a) The floor: every pipeline page, then each pipeline's newest version, parsed and dropped. */
async function floor(sandboxUrl: string): Promise<ScenarioResult> {
  const headers = {
    accept: 'application/json',
    authorization: `Bearer ${TOKEN}`,
  };
  const get = async (url: URL) =>
    JSON.parse(await (await fetch(url, { headers })).text());
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let pipelines = 0;
  let pageToken: string | undefined;
  do {
    const url = new URL(`${sandboxUrl}${API}/pipelines`);
    url.searchParams.set('page_size', String(PAGE_SIZE));
    if (pageToken) url.searchParams.set('page_token', pageToken);
    const page = await get(url);
    const ids = ((page.pipelines ?? []) as Array<{ pipeline_id: string }>).map(
      p => p.pipeline_id,
    );
    pipelines += ids.length;
    // The versions requests, as many at once as the provider sends.
    for (let i = 0; i < ids.length; i += VERSIONS_IN_FLIGHT) {
      await Promise.all(
        ids.slice(i, i + VERSIONS_IN_FLIGHT).map(id => {
          const versions = new URL(
            `${sandboxUrl}${API}/pipelines/${id}/versions`,
          );
          versions.searchParams.set('page_size', '1');
          versions.searchParams.set('sort_by', 'created_at desc');
          return get(versions);
        }),
      );
    }
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  return {
    scenario: 'floor',
    wallMs: msSince(start),
    cpuMs: cpuMsSince(cpu),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    pipelines,
  };
}

/** The catalog's users and groups as `streamEntities` pages them (500 a page), in memory. */
function catalogOf(): CatalogService {
  const entities: Entity[] = Array.from({ length: 200 }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: `team-${i}`, namespace: 'default' },
    spec: {},
  }));
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'ml-platform', namespace: 'default' },
    spec: {},
  });
  return {
    async *streamEntities() {
      for (let i = 0; i < entities.length; i += 500) {
        yield entities.slice(i, i + 500);
      }
    },
  } as Partial<CatalogService> as CatalogService;
}

/** (b) One full provider refresh, built as the catalog module builds it, into a counting connection. */
async function ingestion(sandboxUrl: string): Promise<ScenarioResult> {
  const config = new ConfigReader({
    kubeflow: {
      instances: [
        {
          name: 'bench',
          baseUrl: `${sandboxUrl}/kubeflow`,
          pageSize: PAGE_SIZE,
          auth: { type: 'bearer', token: TOKEN },
        },
      ],
      catalog: { defaultOwner: 'group:default/ml-platform' },
    },
  });
  const refresh = await measureProviderRefresh(
    deps =>
      KubeflowEntityProvider.fromConfig(config, {
        clients: createKubeflowClients({
          config,
          logger: silentLogger,
          readCache: deps.readCache,
        }),
        catalog: catalogOf(),
        ...deps,
      })[0],
  );
  return {
    scenario: 'ingestion',
    wallMs: refresh.wallMs,
    cpuMs: refresh.cpuMs,
    peakRssMb: refresh.peakRssMb,
    pipelines: Number(refresh.summary.pipelines ?? refresh.entities),
    entities: refresh.entities,
  };
}

async function main() {
  const port = await freePort();
  const sandbox = await startSandbox(port, [
    '--pipelines',
    String(PIPELINES),
    '--versions-per-pipeline',
    String(VERSIONS_PER_PIPELINE),
  ]);
  const run = (scenario: Scenario) =>
    runScenarioProcess<ScenarioResult>(__filename, [scenario, sandbox.baseUrl]);
  try {
    const requests = async () =>
      (await sandbox.stats()).systems.kubeflow?.routes ?? {};
    // Warms the sandbox (its first answers are slower) so neither scenario pays for that.
    await run('floor');

    const results = {} as Record<Scenario, ScenarioResult[]>;
    const sent = {} as Record<Scenario, Record<string, number>>;
    for (let round = 0; round < RUNS; round++) {
      for (const scenario of SCENARIOS) {
        await sandbox.reset();
        (results[scenario] ??= []).push(await run(scenario));
        sent[scenario] = await requests();
      }
    }
    const floorRuns = results.floor;
    console.log(
      `sandbox: ${floorRuns[0].pipelines} pipelines with ${VERSIONS_PER_PIPELINE} versions each ` +
        `(page size ${PAGE_SIZE}, ${VERSIONS_IN_FLIGHT} versions requests in flight); ` +
        `${RUNS} alternating runs per scenario, each in its own process`,
    );
    for (const scenario of SCENARIOS) {
      const runs = results[scenario];
      const total = Object.values(sent[scenario]).reduce((a, b) => a + b, 0);
      console.log(
        `${scenario.padEnd(10)} wall median ${median(
          runs.map(r => r.wallMs),
        ).toFixed(0)} ms [${runs
          .map(r => r.wallMs.toFixed(0))
          .join(', ')}], CPU median ${median(runs.map(r => r.cpuMs)).toFixed(
          0,
        )} ms, peak RSS ${Math.max(...runs.map(r => r.peakRssMb)).toFixed(
          0,
        )} MB, ${total} upstream requests ${JSON.stringify(sent[scenario])}` +
          (runs[0].entities === undefined
            ? ''
            : `, ${runs[0].entities} entities`),
      );
    }
    const ratio =
      median(results.ingestion.map(r => r.wallMs)) /
      median(floorRuns.map(r => r.wallMs));
    const same = JSON.stringify(sent.ingestion) === JSON.stringify(sent.floor);
    console.log(
      `           targets: ${ratio.toFixed(
        2,
      )}x the floor (<= ${TARGET_RATIO}x: ${
        ratio <= TARGET_RATIO ? 'ok' : 'MISSED'
      }), the floor's requests (${same ? 'ok' : 'MISSED'})`,
    );
    if (results.ingestion.some(r => r.entities !== floorRuns[0].pipelines)) {
      throw new Error('the refresh did not apply one entity per pipeline');
    }
  } finally {
    await sandbox.stop();
  }
}

const [scenarioArg, sandboxUrl] = process.argv.slice(2) as [
  Scenario | undefined,
  string,
];
const work = scenarioArg
  ? (scenarioArg === 'floor' ? floor(sandboxUrl) : ingestion(sandboxUrl)).then(
      result => {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      },
    )
  : main();
work.catch(error => {
  console.error(error);
  process.exit(1);
});
