// The shared upstream HTTP layer (@mlops-portal/plugin-mlops-node) against the sandbox scaled to
// 10,000 registered models: what coalescing and the cache save, and what the layer costs over a
// bare fetch when paging.
import { ConfigReader } from '@backstage/config';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { LoggerService } from '@backstage/backend-plugin-api';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import {
  UpstreamHttpClient,
  paginateByToken,
  readInstanceConfigs,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import { msSince, quantile, startSandbox } from './lib';

const PORT = 7190;

const silentLogger: LoggerService = {
  child: () => silentLogger,
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
const MODELS = 10_000;

function client(baseUrl: string, cacheTtl: string) {
  const [instance] = readInstanceConfigs(
    new ConfigReader({
      mlflow: {
        instances: [{ name: 'bench', baseUrl: `${baseUrl}/mlflow`, cacheTtl }],
      },
    }),
    MLFLOW_SYSTEM,
  );
  const cache = CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('bench');
  return new UpstreamHttpClient({
    system: MLFLOW_SYSTEM,
    instance,
    logger: silentLogger,
    readCache: new ReadCache({ cache, logger: silentLogger }),
  });
}

type Page = { registered_models?: unknown[]; next_page_token?: string };

async function main() {
  const sandbox = await startSandbox(PORT, [
    '--models',
    String(MODELS),
    '--versions-per-model',
    '5',
  ]);
  try {
    const upstream = async () =>
      (await sandbox.stats()).systems.mlflow?.total ?? 0;

    // 1. 100 concurrent identical GETs, cache off: coalescing alone.
    const uncached = client(sandbox.baseUrl, '0s');
    const rounds: number[] = [];
    let before = await upstream();
    for (let round = 0; round < 20; round++) {
      const start = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: 100 }, () =>
          uncached.request({
            path: '/api/2.0/mlflow/registered-models/get',
            query: { name: 'fraud-detector' },
          }),
        ),
      );
      rounds.push(msSince(start));
    }
    const coalescedRequests = (await upstream()) - before;
    console.log(
      `coalescing: 20 rounds x 100 concurrent identical GETs -> ${coalescedRequests} upstream requests; round p50 ${quantile(
        rounds,
        0.5,
      ).toFixed(2)} ms, p99 ${quantile(rounds, 0.99).toFixed(2)} ms`,
    );

    // 2. 50 concurrent clients, 200 requests each, one hot search, 5 s cache: the warm path.
    const cached = client(sandbox.baseUrl, '5s');
    const latencies: number[] = [];
    before = await upstream();
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let i = 0; i < 200; i++) {
          const start = process.hrtime.bigint();
          await cached.request({
            path: '/api/2.0/mlflow/registered-models/search',
            query: { filter: "name LIKE 'fraud%'", max_results: 100 },
          });
          latencies.push(msSince(start));
        }
      }),
    );
    const wall = msSince(started);
    console.log(
      `warm cached GET: 50 clients x 200 requests -> ${
        (await upstream()) - before
      } upstream requests; p50 ${quantile(latencies, 0.5).toFixed(
        3,
      )} ms, p99 ${quantile(latencies, 0.99).toFixed(3)} ms, ${Math.round(
        (latencies.length / wall) * 1000,
      )} req/s`,
    );

    // 3. Paging 10,000 registered models at the largest page size: the layer vs a bare fetch.
    const floorStart = process.hrtime.bigint();
    let token: string | undefined;
    let floorItems = 0;
    let floorPages = 0;
    do {
      const url = new URL(
        `${sandbox.baseUrl}/mlflow/api/2.0/mlflow/registered-models/search`,
      );
      url.searchParams.set('max_results', '1000');
      if (token) url.searchParams.set('page_token', token);
      const page = (await (await fetch(url)).json()) as Page;
      floorItems += page.registered_models?.length ?? 0;
      floorPages++;
      token = page.next_page_token;
    } while (token);
    const floorMs = msSince(floorStart);

    before = await upstream();
    const layerStart = process.hrtime.bigint();
    let layerItems = 0;
    for await (const _ of paginateByToken(async pageToken => {
      const page = await uncached.request<Page>({
        path: '/api/2.0/mlflow/registered-models/search',
        query: { max_results: 1000, page_token: pageToken },
      });
      return {
        items: page.registered_models ?? [],
        nextPageToken: page.next_page_token,
      };
    })) {
      layerItems++;
    }
    const layerMs = msSince(layerStart);
    console.log(
      `paging ${MODELS} models (+ story) at max_results=1000: bare fetch ${floorItems} items / ${floorPages} requests in ${floorMs.toFixed(
        0,
      )} ms; ` +
        `UpstreamHttpClient ${layerItems} items / ${
          (await upstream()) - before
        } requests in ${layerMs.toFixed(0)} ms (${(layerMs / floorMs).toFixed(
          2,
        )}x)`,
    );
  } finally {
    await sandbox.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
