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

/** A remembered value: fresh until `freshUntil`, servable while a reload runs until `staleUntil`. */
interface MemoEntry extends Entry {
  /** When to look at the shared cache again (at most MAX_MEMO_MS after it was read). */
  expires: number;
  freshUntil: number;
  staleUntil: number;
}

/** Options of one read. */
export interface ReadOptions {
  /**
   * How long after its TTL a value may still be served while a reload runs in the background
   * (stale-while-revalidate); 0 (default) = every read after the TTL waits for the reload.
   */
  staleMs?: number;
}

// Stored texts carry the time they stop being fresh on a first line, so that every replica
// knows whether to reload without a second cache key.
const FRESH_UNTIL_SEPARATOR = '\n';

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
  private readonly memo = new Map<string, MemoEntry>();

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
    const entry = await this.entry(
      key,
      ttlMs,
      async () => JSON.stringify(await load()),
      undefined,
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
    options: ReadOptions = {},
  ): Promise<string> {
    return (await this.entry(key, ttlMs, load, cacheable, options)).text;
  }

  private async entry(
    key: readonly string[],
    ttlMs: number,
    load: () => Promise<string>,
    cacheable: ((value: string) => boolean) | undefined,
    { staleMs = 0 }: ReadOptions = {},
  ): Promise<Entry> {
    const memoKey = JSON.stringify(key);
    const memoised = this.memo.get(memoKey);
    if (memoised) {
      const now = this.now();
      if (memoised.expires > now) {
        return memoised;
      }
      if (memoised.freshUntil <= now && memoised.staleUntil > now) {
        this.reloadInBackground(memoKey, ttlMs, load, cacheable, staleMs);
        return memoised;
      }
      this.memo.delete(memoKey);
    }
    return this.coalesced(memoKey, () =>
      this.readThrough(memoKey, ttlMs, load, cacheable, staleMs),
    );
  }

  private coalesced(
    memoKey: string,
    read: () => Promise<Entry>,
  ): Promise<Entry> {
    const pending = this.inFlight.get(memoKey);
    if (pending) {
      return pending;
    }
    const promise = read().finally(() => {
      this.inFlight.delete(memoKey);
    });
    this.inFlight.set(memoKey, promise);
    return promise;
  }

  /** Reloads a stale value once, whoever asks meanwhile gets the stale one. */
  private reloadInBackground(
    memoKey: string,
    ttlMs: number,
    load: () => Promise<string>,
    cacheable: ((value: string) => boolean) | undefined,
    staleMs: number,
  ) {
    if (this.inFlight.has(memoKey)) {
      return;
    }
    this.coalesced(memoKey, () =>
      this.load(memoKey, ttlMs, load, cacheable, staleMs),
    ).catch(error => {
      // The stale value keeps being served until its stale window ends; then a read waits for
      // the load and sees the failure.
      this.logger.warn('Background reload failed', {
        namespace: this.namespace,
        error: String(error),
      });
    });
  }

  private cacheKey(memoKey: string): string {
    return `mlflow-backend:v2:${this.namespace}:${createHash('sha256')
      .update(memoKey)
      .digest('base64url')}`;
  }

  private async readThrough(
    memoKey: string,
    ttlMs: number,
    load: () => Promise<string>,
    cacheable: ((value: string) => boolean) | undefined,
    staleMs: number,
  ): Promise<Entry> {
    const cache = ttlMs > 0 ? this.cache : undefined;
    if (cache) {
      try {
        const hit = await cache.get(this.cacheKey(memoKey));
        if (typeof hit === 'string') {
          const separator = hit.indexOf(FRESH_UNTIL_SEPARATOR);
          const freshUntil = Number(hit.slice(0, separator));
          const now = this.now();
          if (freshUntil + staleMs > now) {
            const entry = this.remember(
              memoKey,
              hit.slice(separator + 1),
              freshUntil,
              staleMs,
            );
            if (freshUntil <= now) {
              // Stale in the shared cache (e.g. another replica wrote it): serve it, reload once.
              setImmediate(() =>
                this.reloadInBackground(
                  memoKey,
                  ttlMs,
                  load,
                  cacheable,
                  staleMs,
                ),
              );
            }
            return entry;
          }
        }
      } catch (error) {
        this.logger.warn('Cache read failed; loading instead', {
          namespace: this.namespace,
          error: String(error),
        });
      }
    }
    return this.load(memoKey, ttlMs, load, cacheable, staleMs);
  }

  private async load(
    memoKey: string,
    ttlMs: number,
    load: () => Promise<string>,
    cacheable: ((value: string) => boolean) | undefined,
    staleMs: number,
  ): Promise<Entry> {
    const text = await load();
    if (ttlMs <= 0 || !(cacheable?.(text) ?? true)) {
      this.memo.delete(memoKey);
      return { text };
    }
    const freshUntil = this.now() + ttlMs;
    const cache = this.cache;
    if (cache) {
      try {
        await cache.set(
          this.cacheKey(memoKey),
          `${freshUntil}${FRESH_UNTIL_SEPARATOR}${text}`,
          { ttl: ttlMs + staleMs },
        );
      } catch (error) {
        this.logger.warn('Cache write failed', {
          namespace: this.namespace,
          error: String(error),
        });
      }
    }
    return this.remember(memoKey, text, freshUntil, staleMs);
  }

  private remember(
    memoKey: string,
    text: string,
    freshUntil: number,
    staleMs: number,
  ): MemoEntry {
    if (this.memo.size >= MAX_MEMO_ENTRIES && !this.memo.has(memoKey)) {
      // Maps iterate in insertion order: the first entry is the oldest.
      this.memo.delete(this.memo.keys().next().value!);
    }
    const entry = {
      text,
      freshUntil,
      staleUntil: freshUntil + staleMs,
      expires: Math.min(freshUntil, this.now() + MAX_MEMO_MS),
    };
    this.memo.set(memoKey, entry);
    return entry;
  }
}
