import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';

/**
 * The longest a value is kept in this process's memory, in front of CacheService. One second:
 * enough to absorb a burst of identical requests without a cache round trip each (a network
 * round trip with Redis), short enough that replicas never disagree for longer.
 */
export const MAX_MEMO_MS = 1_000;
const MAX_MEMO_ENTRIES = 1_000;

/** A value as text, and parsed once it was asked for as an object. */
interface Entry {
  text: string;
  parsed?: unknown;
}

/** Options of {@link ReadThroughCache}. */
export interface ReadThroughCacheOptions {
  /** The plugin's cache (Redis in production, shared by replicas); none = coalescing only. */
  cache?: CacheService;
  logger: LoggerService;
  /** Namespaces the keys, e.g. `entity` or `runs`. */
  namespace: string;
  /** The clock of the in-memory memo; injectable for tests. */
  now?: () => number;
}

/**
 * Reads through the plugin's CacheService, and lets concurrent identical reads share one load.
 *
 * @remarks
 * Values are stored as JSON text: CacheService stores (Keyv, in memory and in Redis alike) walk
 * every string of an object value with a reviver when reading it back, which costs milliseconds
 * for a page of runs; one string is read back at the cost of a plain `JSON.parse`, or none at all
 * when the text is what gets sent (see {@link ReadThroughCache.text}).
 *
 * Values are also memoised in this process for at most {@link MAX_MEMO_MS} and never longer than
 * their TTL from when they were read, so one may be served up to that long after it expired in
 * the shared cache. Keys are hashed, so they may hold identities without exposing them in the cache
 * store. Failed loads are never cached; a failing cache is logged and bypassed.
 */
export class ReadThroughCache {
  private readonly cache?: CacheService;
  private readonly logger: LoggerService;
  private readonly namespace: string;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, Promise<Entry>>();
  private readonly memo = new Map<string, Entry & { expires: number }>();

  constructor(options: ReadThroughCacheOptions) {
    this.cache = options.cache;
    this.logger = options.logger;
    this.namespace = options.namespace;
    this.now = options.now ?? Date.now;
  }

  /**
   * The cached value for `key`, else what `load` returns (cached for `ttlMs`; 0 = not cached).
   * Values must survive a JSON round trip, and are shared by callers: never mutate one.
   */
  async get<T>(
    key: readonly string[],
    ttlMs: number,
    load: () => Promise<T>,
  ): Promise<T> {
    const entry = await this.entry(key, ttlMs, async () =>
      JSON.stringify(await load()),
    );
    // Parsed once per memoised entry, not once per caller.
    entry.parsed ??= JSON.parse(entry.text);
    return entry.parsed as T;
  }

  /**
   * Like {@link ReadThroughCache.get}, for a value that is already text (e.g. a response body):
   * it is stored and returned as is; `cacheable` may keep a loaded value out of the cache.
   */
  async text(
    key: readonly string[],
    ttlMs: number,
    load: () => Promise<string>,
    cacheable?: (value: string) => boolean,
  ): Promise<string> {
    return (await this.entry(key, ttlMs, load, cacheable)).text;
  }

  private async entry(
    key: readonly string[],
    ttlMs: number,
    load: () => Promise<string>,
    cacheable?: (value: string) => boolean,
  ): Promise<Entry> {
    const memoKey = JSON.stringify(key);
    const memoised = this.memo.get(memoKey);
    if (memoised) {
      if (memoised.expires > this.now()) {
        return memoised;
      }
      this.memo.delete(memoKey);
    }
    const pending = this.inFlight.get(memoKey);
    if (pending) {
      return pending;
    }
    const promise = this.readThrough(memoKey, ttlMs, load, cacheable).finally(
      () => {
        this.inFlight.delete(memoKey);
      },
    );
    this.inFlight.set(memoKey, promise);
    return promise;
  }

  private async readThrough(
    memoKey: string,
    ttlMs: number,
    load: () => Promise<string>,
    cacheable?: (value: string) => boolean,
  ): Promise<Entry> {
    const cache = ttlMs > 0 ? this.cache : undefined;
    const cacheKey = `mlflow-backend:v1:${this.namespace}:${createHash('sha256')
      .update(memoKey)
      .digest('base64url')}`;
    if (cache) {
      try {
        const hit = await cache.get(cacheKey);
        if (typeof hit === 'string') {
          return this.remember(memoKey, hit, ttlMs);
        }
      } catch (error) {
        this.logger.warn('Cache read failed; loading instead', {
          namespace: this.namespace,
          error: String(error),
        });
      }
    }
    const text = await load();
    if (ttlMs <= 0 || !(cacheable?.(text) ?? true)) {
      return { text };
    }
    if (cache) {
      try {
        await cache.set(cacheKey, text, { ttl: ttlMs });
      } catch (error) {
        this.logger.warn('Cache write failed', {
          namespace: this.namespace,
          error: String(error),
        });
      }
    }
    return this.remember(memoKey, text, ttlMs);
  }

  private remember(memoKey: string, text: string, ttlMs: number): Entry {
    if (this.memo.size >= MAX_MEMO_ENTRIES) {
      // Maps iterate in insertion order: the first entry is the oldest.
      this.memo.delete(this.memo.keys().next().value!);
    }
    const entry = { text, expires: this.now() + Math.min(ttlMs, MAX_MEMO_MS) };
    this.memo.set(memoKey, entry);
    return entry;
  }
}
