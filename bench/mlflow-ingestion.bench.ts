// The MLflow catalog provider (@mlops-portal/plugin-catalog-backend-module-mlflow) against the
// sandbox scaled to 10,000 registered models with 50,000 versions: one full refresh next to the
// floor (the same upstream pages fetched and JSON-parsed, nothing else), each in its own
// process so that peak RSS belongs to one scenario.
//
//   npm run bench -- mlflow-ingestion
import { ConfigReader } from '@backstage/config';
import { MlflowEntityProvider } from '@mlops-portal/plugin-catalog-backend-module-mlflow';
import { createMlflowClients } from '@mlops-portal/plugin-mlflow-node';
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

const MODELS = 10_000;
const VERSIONS_PER_MODEL = 5;
/** Alternating runs per scenario; the median time and the largest peak RSS are reported. */
const RUNS = 11;
const MLFLOW_API = '/mlflow/api/2.0/mlflow';
const TARGET_RATIO = 1.25;
const TARGET_RSS_MB = 400;

/**
 * `ingestion` is the provider as the catalog module wires it: clients from
 * mlflowClientsServiceRef with the plugin's cache service behind them (the registry searches of
 * ingestion bypass that cache).
 */
type Scenario = 'floor' | 'ingestion';
const SCENARIOS: Scenario[] = ['floor', 'ingestion'];

/** What a scenario process reports on its last stdout line. */
interface ScenarioResult {
  scenario: Scenario;
  wallMs: number;
  /** User + system CPU time of the scenario process while measuring. */
  cpuMs: number;
  peakRssMb: number;
  models: number;
  versions: number;
  pages: { registeredModels: number; modelVersions: number };
  entities?: number;
}

/** (a) The floor: every page of both searches fetched and parsed, one after the other, then dropped. */
async function floor(sandboxUrl: string): Promise<ScenarioResult> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const pages = { registeredModels: 0, modelVersions: 0 };
  let models = 0;
  let versions = 0;
  const readAll = async (
    search: string,
    maxResults: number,
    onPage: (body: Record<string, unknown[] | string | undefined>) => void,
  ) => {
    let pageToken: string | undefined;
    do {
      const url = new URL(`${sandboxUrl}${MLFLOW_API}/${search}`);
      url.searchParams.set('max_results', String(maxResults));
      if (pageToken) url.searchParams.set('page_token', pageToken);
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
      });
      const body = JSON.parse(await response.text());
      onPage(body);
      pageToken = body.next_page_token;
    } while (pageToken);
  };
  // In the provider's order: versions first, then registered models.
  await readAll('model-versions/search', 200_000, body => {
    pages.modelVersions++;
    versions += (body.model_versions as unknown[] | undefined)?.length ?? 0;
  });
  await readAll('registered-models/search', 1000, body => {
    pages.registeredModels++;
    models += (body.registered_models as unknown[] | undefined)?.length ?? 0;
  });
  const wallMs = msSince(start);
  return {
    scenario: 'floor',
    wallMs,
    cpuMs: cpuMsSince(cpu),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    models,
    versions,
    pages,
  };
}

/** (b) One full provider refresh, built as the catalog module builds it, into a counting connection. */
async function ingestion(sandboxUrl: string): Promise<ScenarioResult> {
  const config = new ConfigReader({
    mlflow: {
      instances: [
        {
          name: 'bench',
          baseUrl: `${sandboxUrl}/mlflow`,
        },
      ],
      catalog: { defaultOwner: 'group:default/ml-platform' },
    },
  });
  const refresh = await measureProviderRefresh(
    ({ readCache, logger, schedule }) =>
      MlflowEntityProvider.fromConfig(config, {
        clients: createMlflowClients({
          config,
          logger: silentLogger,
          readCache,
        }),
        logger,
        schedule,
      })[0],
  );
  const { summary } = refresh;
  return {
    scenario: 'ingestion',
    wallMs: refresh.wallMs,
    cpuMs: refresh.cpuMs,
    peakRssMb: refresh.peakRssMb,
    models: Number(summary.models),
    versions: Number(summary.versions),
    pages: {
      registeredModels: Number(summary.registeredModelPages),
      modelVersions: Number(summary.modelVersionPages),
    },
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
  const sandbox = await startSandbox(port, [
    '--models',
    String(MODELS),
    '--versions-per-model',
    String(VERSIONS_PER_MODEL),
  ]);
  try {
    const mlflowRequests = async () => {
      const { systems } = await sandbox.stats();
      return systems.mlflow?.routes ?? {};
    };
    // Warms the sandbox (its first answers are slower) so neither scenario pays for that.
    await runScenario('floor', sandbox.baseUrl);

    const results = {} as Record<Scenario, ScenarioResult[]>;
    const requests = {} as Record<Scenario, Record<string, number>>;
    for (let run = 0; run < RUNS; run++) {
      for (const scenario of SCENARIOS) {
        await sandbox.reset();
        (results[scenario] ??= []).push(
          await runScenario(scenario, sandbox.baseUrl),
        );
        requests[scenario] = await mlflowRequests();
      }
    }

    const floorMs = median(results.floor.map(r => r.wallMs));
    const f = results.floor[0];
    console.log(
      `registry: ${f.models} registered models, ${f.versions} versions ` +
        `(${f.pages.registeredModels} + ${f.pages.modelVersions} pages at max_results 1000 / 200000); ` +
        `${RUNS} alternating runs per scenario, each in its own process`,
    );
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    for (const scenario of SCENARIOS) {
      const runs = results[scenario];
      const wall = median(runs.map(r => r.wallMs));
      const cpu = median(runs.map(r => r.cpuMs));
      const peak = Math.max(...runs.map(r => r.peakRssMb));
      const sent = Object.values(requests[scenario]).reduce((a, b) => a + b, 0);
      const pages =
        runs[0].pages.registeredModels + runs[0].pages.modelVersions;
      console.log(
        `${scenario.padEnd(18)} wall median ${wall.toFixed(0)} ms [${runs
          .map(r => r.wallMs.toFixed(0))
          .join(', ')}], CPU median ${cpu.toFixed(
          0,
        )} ms, peak RSS ${peak.toFixed(
          0,
        )} MB, ${sent} upstream requests for ${pages} pages ${JSON.stringify(
          requests[scenario],
        )}` +
          (runs[0].entities === undefined
            ? ''
            : `, ${runs[0].entities} entities`),
      );
      if (scenario !== 'floor') {
        const ratio = wall / floorMs;
        console.log(
          `${''.padEnd(18)} targets: ${ratio.toFixed(
            2,
          )}x the floor (<= ${TARGET_RATIO}x: ${verdict(
            ratio <= TARGET_RATIO,
          )}), one request per page (${verdict(
            sent === pages,
          )}), peak RSS <= ${TARGET_RSS_MB} MB (${verdict(
            peak <= TARGET_RSS_MB,
          )})`,
        );
        if (runs.some(r => r.entities !== f.models)) {
          throw new Error(`${scenario} did not apply one entity per model`);
        }
      }
    }
  } finally {
    await sandbox.stop();
  }
}

const [scenarioArg, sandboxUrl] = process.argv.slice(2);
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
