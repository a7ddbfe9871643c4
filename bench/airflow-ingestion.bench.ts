// The Airflow catalog provider (@mlops-portal/plugin-catalog-backend-module-airflow) against the
// sandbox scaled to 5,000 synthetic DAGs (plus the story's 4), for Airflow 3 (API v2) and
// Airflow 2 (API v1): one full refresh next to the floor (the same `GET /dags` pages at the same
// page size fetched with the same transport, `fetch`, and JSON-parsed, nothing else), each in its
// own process so that peak RSS belongs to one scenario.
//
//   npm run bench -- airflow-ingestion
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AirflowEntityProvider } from '@mlops-portal/plugin-catalog-backend-module-airflow';
import { createAirflowClients } from '@mlops-portal/plugin-airflow-node';
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

const DAGS = 5_000;
/** Airflow's default `[api] maximum_page_limit`, which the sandbox enforces too. */
const PAGE_SIZE = 100;
/** Alternating runs per scenario; the median time and the largest peak RSS are reported. */
const RUNS = 11;
const TARGET_RATIO = 1.25;
/** Users and groups in the catalog the owners are looked up in; 1 of the 5 synthetic teams among them. */
const CATALOG_USERS = 2_000;
const CATALOG_GROUPS = 200;

type Api = 'v2' | 'v1';
const MOUNTS: Record<Api, string> = { v2: '/airflow', v1: '/airflow2' };
type Kind = 'floor' | 'floor2' | 'ingestion';
type Scenario = `${Kind}-${Api}`;
const SCENARIOS: Scenario[] = [
  'floor-v2',
  'floor2-v2',
  'ingestion-v2',
  'floor-v1',
  'floor2-v1',
  'ingestion-v1',
];

/** What a scenario process reports on its last stdout line. */
interface ScenarioResult {
  scenario: Scenario;
  wallMs: number;
  /** User + system CPU time of the scenario process while measuring. */
  cpuMs: number;
  peakRssMb: number;
  dags: number;
  pages: number;
  entities?: number;
}

const credentials = { username: 'admin', password: 'admin' };

/**
 * (a) The floor: Airflow 3's token, then every `GET /dags` page fetched and parsed, then dropped,
 * one request at a time (`inFlight` 1: a plain paging loop, the target's floor) or, as the
 * provider pages, with two requests in flight once the first page has told the total (`floor2`,
 * shown beside it so that what the overlap itself gains is visible).
 */
async function floor(
  api: Api,
  sandboxUrl: string,
  inFlight: 1 | 2,
): Promise<ScenarioResult> {
  const base = `${sandboxUrl}${MOUNTS[api]}`;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (api === 'v2') {
    const response = await fetch(`${base}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(credentials),
    });
    const { access_token } = JSON.parse(await response.text());
    headers.authorization = `Bearer ${access_token}`;
  } else {
    headers.authorization = `Basic ${Buffer.from(
      `${credentials.username}:${credentials.password}`,
    ).toString('base64')}`;
  }
  const page = async (offset: number) => {
    const url = new URL(`${base}/api/${api}/dags`);
    url.searchParams.set('limit', String(PAGE_SIZE));
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('order_by', 'dag_id');
    const response = await fetch(url, { headers });
    const body = JSON.parse(await response.text());
    return {
      items: (body.dags as unknown[] | undefined) ?? [],
      total: body.total_entries as number,
    };
  };
  const first = await page(0);
  let dags = first.items.length;
  let pages = 1;
  const step = first.items.length;
  // A sliding window: as one page arrives, the next offset goes out.
  const open: Array<ReturnType<typeof page>> = [];
  let next = step;
  const topUp = () => {
    while (step > 0 && open.length < inFlight && next < first.total) {
      open.push(page(next));
      next += step;
    }
  };
  for (topUp(); open.length > 0; topUp()) {
    const answer = await open.shift()!;
    dags += answer.items.length;
    pages++;
  }
  return {
    scenario: `${inFlight === 1 ? 'floor' : 'floor2'}-${api}`,
    wallMs: msSince(start),
    cpuMs: cpuMsSince(cpu),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    dags,
    pages,
  };
}

/** The catalog's users and groups as `streamEntities` pages them (500 a page), in memory. */
function catalogOf(): CatalogService {
  const entities: Entity[] = [
    ...Array.from({ length: CATALOG_USERS }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: `user-${i}`, namespace: 'default' },
      spec: { profile: { email: `user-${i}@example.com` } },
    })),
    ...Array.from({ length: CATALOG_GROUPS }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: i === 0 ? 'synthetic-team-a' : `team-${i}`,
        namespace: 'default',
      },
      spec: {},
    })),
  ];
  return {
    async *streamEntities() {
      for (let i = 0; i < entities.length; i += 500) {
        yield entities.slice(i, i + 500);
      }
    },
  } as Partial<CatalogService> as CatalogService;
}

/**
 * (b) One full provider refresh, built as the catalog module builds it (clients as
 * airflowClientsServiceRef makes them, on the plugin's read cache), into a counting connection.
 */
async function ingestion(
  kind: 'ingestion',
  api: Api,
  sandboxUrl: string,
): Promise<ScenarioResult> {
  const config = new ConfigReader({
    airflow: {
      instances: [
        {
          name: 'bench',
          baseUrl: `${sandboxUrl}${MOUNTS[api]}`,
          apiVersion: api,
          pageSize: PAGE_SIZE,
          auth: { type: 'basic', ...credentials },
        },
      ],
      catalog: { defaultOwner: 'group:default/ml-platform' },
    },
  });
  const refresh = await measureProviderRefresh(
    deps =>
      AirflowEntityProvider.fromConfig(config, {
        clients: createAirflowClients({
          config,
          logger: silentLogger,
          readCache: deps.readCache,
        }),
        catalog: catalogOf(),
        ...deps,
      })[0],
  );
  const dags = Number(refresh.summary.dags);
  return {
    scenario: `${kind}-${api}`,
    wallMs: refresh.wallMs,
    cpuMs: refresh.cpuMs,
    peakRssMb: refresh.peakRssMb,
    dags,
    // The client pages until a page ends the list; the sandbox's counters confirm it.
    pages: Math.max(1, Math.ceil(dags / PAGE_SIZE)),
    entities: refresh.entities,
  };
}

/** Runs one scenario in a fresh Node process and returns what it reported. */
function runScenario(
  scenario: Scenario,
  sandboxUrl: string,
): Promise<ScenarioResult> {
  return runScenarioProcess(__filename, [scenario, sandboxUrl]);
}

async function main() {
  const port = await freePort();
  // No runs: `GET /dags` does not read them, and 50,000 runs would only slow the sandbox's start.
  const sandbox = await startSandbox(port, [
    '--dags',
    String(DAGS),
    '--runs-per-dag',
    '0',
  ]);
  try {
    const upstreamRequests = async (api: Api) => {
      const { systems } = await sandbox.stats();
      return systems[api === 'v2' ? 'airflow' : 'airflow2']?.routes ?? {};
    };
    // Warms the sandbox (its first answers are slower) so neither scenario pays for that.
    await runScenario('floor-v2', sandbox.baseUrl);
    await runScenario('floor-v1', sandbox.baseUrl);

    const results = {} as Record<Scenario, ScenarioResult[]>;
    const requests = {} as Record<Scenario, Record<string, number>>;
    for (let run = 0; run < RUNS; run++) {
      for (const scenario of SCENARIOS) {
        await sandbox.reset();
        (results[scenario] ??= []).push(
          await runScenario(scenario, sandbox.baseUrl),
        );
        requests[scenario] = await upstreamRequests(
          scenario.endsWith('v2') ? 'v2' : 'v1',
        );
      }
    }

    const f = results['floor-v2'][0];
    console.log(
      `sandbox: ${f.dags} DAGs (${f.pages} pages of GET /dags at limit ${PAGE_SIZE}); ` +
        `catalog: ${CATALOG_USERS} users, ${CATALOG_GROUPS} groups; ` +
        `${RUNS} alternating runs per scenario, each in its own process`,
    );
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    for (const scenario of SCENARIOS) {
      const runs = results[scenario];
      const wall = median(runs.map(r => r.wallMs));
      const cpu = median(runs.map(r => r.cpuMs));
      const peak = Math.max(...runs.map(r => r.peakRssMb));
      const sent = Object.values(requests[scenario]).reduce((a, b) => a + b, 0);
      const pages = Object.entries(requests[scenario])
        .filter(([route]) => route.startsWith('GET '))
        .reduce((sum, [, n]) => sum + n, 0);
      console.log(
        `${scenario.padEnd(14)} wall median ${wall.toFixed(0)} ms [${runs
          .map(r => r.wallMs.toFixed(0))
          .join(', ')}], CPU median ${cpu.toFixed(
          0,
        )} ms, peak RSS ${peak.toFixed(
          0,
        )} MB, ${sent} upstream requests ${JSON.stringify(
          requests[scenario],
        )}` +
          (runs[0].entities === undefined
            ? ''
            : `, ${runs[0].entities} entities`),
      );
      if (scenario.startsWith('ingestion')) {
        const api = scenario.endsWith('v2') ? 'v2' : 'v1';
        const floorRuns = results[`floor-${api}`];
        const floorMs = median(floorRuns.map(r => r.wallMs));
        const ratio = wall / floorMs;
        const floorSent = Object.values(requests[`floor-${api}`]).reduce(
          (a, b) => a + b,
          0,
        );
        console.log(
          `${''.padEnd(14)} targets: ${ratio.toFixed(
            2,
          )}x the floor (<= ${TARGET_RATIO}x: ${verdict(
            ratio <= TARGET_RATIO,
          )}), the floor's requests (${verdict(
            sent === floorSent,
          )}), one GET per page (${verdict(pages === runs[0].pages)})`,
        );
        if (runs.some(r => r.entities !== floorRuns[0].dags)) {
          throw new Error(`${scenario} did not apply one entity per DAG`);
        }
      }
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
  ? (() => {
      const [kind, api] = scenarioArg.split('-') as [Kind, Api];
      return (
        kind === 'ingestion'
          ? ingestion(kind, api, sandboxUrl)
          : floor(api, sandboxUrl, kind === 'floor' ? 1 : 2)
      ).then(result => {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      });
    })()
  : main();
work.catch(error => {
  console.error(error);
  process.exit(1);
});
