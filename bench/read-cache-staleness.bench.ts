// The maximum staleness of the kit's one read cache, measured: two "replicas" (ReadCache instances
// of their own) on one Redis, in front of an upstream whose value changes every 50 ms. Reported:
// the oldest value each served while reads run continuously (bound: ttl + stale window, plus the
// reload's own duration), and, after a write on one replica (invalidate), how long each serves
// the old value (bound: 0 on the writer, READ_CACHE_MEMO_MS on the others). Reads go through
// readDecoded, as the upstream clients' do.
//
//   npm run bench -- read-cache-staleness     (needs Redis on 127.0.0.1:6379, as CI has)
import { CacheManager } from '@backstage/backend-defaults/cache';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { READ_CACHE_MEMO_MS, ReadCache } from '@mlops-portal/plugin-mlops-node';

const TTL_MS = 1_000;
const STALE_MS = 1_000;
const UPSTREAM_LATENCY_MS = 20;
const RUN_MS = 8_000;
const WRITES = 10;

const silentLogger: LoggerService = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The upstream: its value is the time it was read, after a short latency. */
async function readUpstream(): Promise<string> {
  await sleep(UPSTREAM_LATENCY_MS);
  return String(Date.now());
}

/**
 * What the upstream clients read through: a decoded value shared per cached text (the
 * `UpstreamHttpClient` path), so the figures include that memo.
 */
const decodeTime = (text: string) => ({ at: Number(text) });

function replica(namespace: string): ReadCache {
  const cache = CacheManager.fromConfig(
    new ConfigReader({
      backend: {
        cache: {
          store: 'redis',
          connection: 'redis://127.0.0.1:6379',
          redis: { client: { namespace } },
        },
      },
    }),
  ).forPlugin('bench');
  return new ReadCache({ cache, logger: silentLogger });
}

const options = { scope: 'bench:staleness', ttlMs: TTL_MS, staleMs: STALE_MS };

async function steadyReads(replicas: ReadCache[]): Promise<number> {
  let oldest = 0;
  const deadline = Date.now() + RUN_MS;
  await Promise.all(
    replicas.map(async cache => {
      while (Date.now() < deadline) {
        const value = (
          await cache.readDecoded(['k'], readUpstream, options, decodeTime)
        ).at;
        oldest = Math.max(oldest, Date.now() - value);
        await sleep(5);
      }
    }),
  );
  return oldest;
}

/** Reads far apart: the worst case, where a value near the end of its stale window is served. */
async function sparseReads(cache: ReadCache): Promise<number> {
  let oldest = 0;
  for (let i = 0; i < 40; i++) {
    const value = (
      await cache.readDecoded(['sparse'], readUpstream, options, decodeTime)
    ).at;
    oldest = Math.max(oldest, Date.now() - value);
    await sleep(Math.random() * (TTL_MS + STALE_MS + 200));
  }
  return oldest;
}

/** After a write through `writer`, how long each replica still serves a value older than it. */
async function afterWrites(writer: ReadCache, other: ReadCache) {
  const writerLags: number[] = [];
  const otherLags: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    // Warm both with the current value, then write.
    await writer.readDecoded(['k'], readUpstream, options, decodeTime);
    await other.readDecoded(['k'], readUpstream, options, decodeTime);
    const writtenAt = Date.now();
    await writer.invalidate(options.scope);
    // How long after the write the last answer older than the write was given.
    const lag = async (cache: ReadCache) => {
      let lastStale = writtenAt;
      for (;;) {
        const value = (
          await cache.readDecoded(['k'], readUpstream, options, decodeTime)
        ).at;
        if (value >= writtenAt) return lastStale - writtenAt;
        lastStale = Date.now();
        await sleep(5);
      }
    };
    writerLags.push(await lag(writer));
    otherLags.push(await lag(other));
    await sleep(Math.random() * 300);
  }
  return { writerLags, otherLags };
}

async function main() {
  const namespace = `mlops-bench-${process.pid}`;
  const a = replica(namespace);
  const b = replica(namespace);
  const oldest = await steadyReads([a, b]);
  const oldestSparse = await sparseReads(a);
  const { writerLags, otherLags } = await afterWrites(a, b);
  const max = (values: number[]) => Math.max(...values);
  console.log(
    `| steady reads, 2 replicas, ${
      RUN_MS / 1000
    } s | oldest value served: ${oldest} ms | bound ttl + stale + reload = ${TTL_MS} + ${STALE_MS} + ~${UPSTREAM_LATENCY_MS} ms |`,
  );
  console.log(
    `| 40 reads at random intervals of 0–${
      (TTL_MS + STALE_MS + 200) / 1000
    } s | oldest value served: ${oldestSparse} ms | bound ttl + stale + reload = ${TTL_MS} + ${STALE_MS} + ~${UPSTREAM_LATENCY_MS} ms |`,
  );
  console.log(
    `| after ${WRITES} writes, the writing replica | old value served for at most ${max(
      writerLags,
    )} ms after the write | bound: none served |`,
  );
  console.log(
    `| after ${WRITES} writes, the other replica | old value served for at most ${max(
      otherLags,
    )} ms | bound READ_CACHE_MEMO_MS = ${READ_CACHE_MEMO_MS} ms |`,
  );
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
