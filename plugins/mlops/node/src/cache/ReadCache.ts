import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { createHash, randomUUID } from 'node:crypto';
import { deepFreeze } from './deepFreeze';
import { InFlightRequests } from './InFlightRequests';

/**
 * How long this process keeps an entry or a scope's generation in memory in front of the shared
 * cache. It bounds how long a write made on another replica can go unseen here.
 *
 * @public
 */
export const READ_CACHE_MEMO_MS = 1_000;

const MAX_MEMO_ENTRIES = 2_000;
const KEY_PREFIX = 'mlops-read:v1';
// Must outlive every entry stored under a generation; far longer than any sensible TTL.
const MIN_GENERATION_TTL_MS = 24 * 60 * 60 * 1000;
// Stored entries carry their fresh and stale deadlines on a first line, so every replica decides
// alike without a second key.
const HEADER_END = '\n';

/**
 * A cached JSON text parsed: the empty text (an empty body, or `undefined` stored by `readJson`)
 * is `undefined`.
 *
 * @internal
 */
export const parseCachedJson = (text: string): unknown =>
  text === '' ? undefined : JSON.parse(text);

/** Sets `key` in a map kept to MAX_MEMO_ENTRIES, dropping the oldest entry to make room. */
function setBounded<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_MEMO_ENTRIES && !map.has(key)) {
    // Maps iterate in insertion order: the first entry is the oldest.
    map.delete(map.keys().next().value!);
  }
  map.delete(key);
  map.set(key, value);
}

/**
 * How one read is cached.
 *
 * @public
 */
export interface ReadCacheReadOptions {
  /**
   * What invalidates the entry: {@link ReadCache.invalidate} with the same scope makes every
   * entry of it unreachable, on every replica. Use one scope per upstream instance.
   */
  scope: string;
  /** How long a loaded value is fresh, in milliseconds; 0 = never stored (still coalesced). */
  ttlMs: number;
  /**
   * How long after `ttlMs` the value is still served while one background reload replaces it
   * (stale-while-revalidate); defaults to 0, i.e. a read after `ttlMs` waits for the reload.
   */
  staleMs?: number;
  /** Keeps a loaded value out of the cache when false (e.g. an answer that carries errors). */
  cacheable?: (text: string) => boolean;
}

/**
 * Options for {@link ReadCache}.
 *
 * @public
 */
export interface ReadCacheOptions {
  /** The plugin's `coreServices.cache` (Redis in production, shared by replicas); none = coalescing only, nothing kept. */
  cache?: CacheService;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /** The clock; injectable for tests. */
  now?: () => number;
}

interface Entry {
  text: string;
  generation: string;
  freshUntil: number;
  staleUntil: number;
  /** When this process next asks the shared cache again. */
  memoUntil: number;
}

/**
 * The kit's one read cache: read-through on CacheService, coalesced, stale-while-revalidate,
 * invalidated per scope by writes.
 *
 * @remarks
 * Values are stored as text (an upstream body, a JSON answer): the cache stores revive every
 * string of an object value on the way back, which costs milliseconds for a page of runs.
 *
 * Staleness. A value is at most `ttlMs + staleMs` old when served (plus the duration of the
 * reload that replaces it). After {@link ReadCache.invalidate}, this process never serves an
 * entry stored before it; another replica may, for at most {@link READ_CACHE_MEMO_MS}, until it
 * next reads the scope's generation from the shared cache. A read that began before an
 * invalidation stores its answer under the old generation, where nobody finds it.
 *
 * Keys are hashed (they may hold identities or long URLs) and prefixed with the scope, inside the
 * plugin's own CacheService namespace. A failing cache store is logged and bypassed; failed loads
 * are never stored.
 *
 * @public
 */
export class ReadCache {
  private readonly cache?: CacheService;
  private readonly logger: LoggerService;
  private readonly now: () => number;
  private readonly inFlight = new InFlightRequests();
  private readonly memo = new Map<string, Entry>();
  private readonly decoded = new Map<
    string,
    { text: string; decode: (text: string) => unknown; value: unknown }
  >();
  private readonly generations = new Map<
    string,
    { value: string; until: number }
  >();

  constructor(options: ReadCacheOptions) {
    this.cache = options.cache;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** The cached text for `key`, else what `load` returns, stored for `options.ttlMs`. */
  async readText(
    key: readonly unknown[],
    load: () => Promise<string>,
    options: ReadCacheReadOptions,
  ): Promise<string> {
    return this.readHashed(hashKey(key), load, options);
  }

  /**
   * Like {@link ReadCache.readText}, decoded: one frozen value per cached text in this process,
   * shared by every caller.
   *
   * @remarks
   * The decoded value is reused only while the text it came from is what the cache answers, so
   * it is never staler than the text. Decoding (e.g. `JSON.parse` of a large page) is paid once
   * per load instead of once per read; the value is deep-frozen, so a caller that changes it
   * fails loudly instead of changing what the next caller gets.
   */
  async readDecoded<T>(
    key: readonly unknown[],
    load: () => Promise<string>,
    options: ReadCacheReadOptions,
    decode: (text: string) => T,
  ): Promise<T> {
    const hash = hashKey(key);
    const text = await this.readHashed(hash, load, options);
    const memoKey = `${options.scope}\0${hash}`;
    const known = this.decoded.get(memoKey);
    if (known && known.decode === decode && known.text === text) {
      return known.value as T;
    }
    const value = deepFreeze(decode(text));
    if (options.ttlMs > 0 && this.cache) {
      setBounded(this.decoded, memoKey, { text, decode, value });
    }
    return value;
  }

  private async readHashed(
    hash: string,
    load: () => Promise<string>,
    options: ReadCacheReadOptions,
  ): Promise<string> {
    // Without a shared store nothing is kept, not even in memory: every replica must see a
    // write at once, and only the store can tell them.
    if (options.ttlMs <= 0 || !this.cache) {
      return this.inFlight.run(`${options.scope}\0${hash}\0uncached`, load)
        .promise;
    }
    const generation = await this.generation(options.scope);
    const memoKey = `${options.scope}\0${hash}`;
    const remembered = this.memo.get(memoKey);
    const now = this.now();
    if (
      remembered &&
      remembered.generation === generation &&
      remembered.memoUntil > now
    ) {
      if (remembered.freshUntil <= now) {
        this.reloadInBackground(memoKey, generation, hash, load, options);
      }
      return remembered.text;
    }
    const { promise } = this.inFlight.run(
      `${memoKey}\0${generation}`,
      async () => {
        const stored = await this.readShared(options.scope, generation, hash);
        if (stored && stored.staleUntil > this.now()) {
          this.remember(memoKey, stored);
          if (stored.freshUntil <= this.now()) {
            this.reloadInBackground(memoKey, generation, hash, load, options);
          }
          return stored.text;
        }
        return (await this.load(memoKey, generation, hash, load, options)).text;
      },
    );
    return promise;
  }

  /**
   * Like {@link ReadCache.readText} for a JSON value, shared deep-frozen like
   * {@link ReadCache.readDecoded}: copy what you want to change.
   */
  async readJson<T>(
    key: readonly unknown[],
    load: () => Promise<T>,
    options: ReadCacheReadOptions,
  ): Promise<T> {
    return this.readDecoded(
      key,
      async () => JSON.stringify(await load()) ?? '',
      options,
      parseCachedJson,
    ) as Promise<T>;
  }

  /** Makes every entry of `scope` unreachable, here at once and on other replicas soon after. */
  async invalidate(scope: string): Promise<void> {
    const generation = randomUUID();
    this.generations.set(scope, {
      value: generation,
      until: this.now() + READ_CACHE_MEMO_MS,
    });
    for (const memo of [this.memo, this.decoded]) {
      for (const key of memo.keys()) {
        if (key.startsWith(`${scope}\0`)) {
          memo.delete(key);
        }
      }
    }
    if (!this.cache) {
      return;
    }
    try {
      await this.cache.set(generationKey(scope), generation, {
        ttl: MIN_GENERATION_TTL_MS,
      });
    } catch (error) {
      this.logger.warn(
        'Read cache invalidation failed; other replicas may serve entries of this scope until they expire',
        { scope, error: String(error) },
      );
    }
  }

  private async generation(scope: string): Promise<string> {
    const known = this.generations.get(scope);
    if (known && known.until > this.now()) {
      return known.value;
    }
    // One lookup per scope at a time: concurrent first reads must agree on the generation, or
    // they would not coalesce.
    return this.inFlight.run(`${scope}\0generation`, () =>
      this.lookUpGeneration(scope, known?.value),
    ).promise;
  }

  private async lookUpGeneration(
    scope: string,
    previous: string | undefined,
  ): Promise<string> {
    let value = previous ?? randomUUID();
    if (this.cache) {
      try {
        const stored = await this.cache.get(generationKey(scope));
        if (typeof stored === 'string') {
          value = stored;
        } else {
          // A fresh generation, never a fixed initial one: should the marker be evicted, the
          // entries stored before an earlier invalidation must stay unreachable.
          await this.cache.set(generationKey(scope), value, {
            ttl: MIN_GENERATION_TTL_MS,
          });
        }
      } catch (error) {
        this.logger.warn('Read cache unavailable; reading upstream', {
          scope,
          error: String(error),
        });
      }
    }
    this.generations.set(scope, {
      value,
      until: this.now() + READ_CACHE_MEMO_MS,
    });
    return value;
  }

  private async readShared(
    scope: string,
    generation: string,
    hash: string,
  ): Promise<Entry | undefined> {
    if (!this.cache) {
      return undefined;
    }
    try {
      const stored = await this.cache.get(entryKey(scope, generation, hash));
      return typeof stored === 'string'
        ? parseEntry(stored, generation, this.now())
        : undefined;
    } catch (error) {
      this.logger.warn('Read cache unavailable; reading upstream', {
        scope,
        error: String(error),
      });
      return undefined;
    }
  }

  private async load(
    memoKey: string,
    generation: string,
    hash: string,
    load: () => Promise<string>,
    options: ReadCacheReadOptions,
  ): Promise<Entry> {
    const text = await load();
    const now = this.now();
    const staleMs = Math.max(0, options.staleMs ?? 0);
    const entry: Entry = {
      text,
      generation,
      freshUntil: now + options.ttlMs,
      staleUntil: now + options.ttlMs + staleMs,
      memoUntil: 0,
    };
    if (options.cacheable && !options.cacheable(text)) {
      this.memo.delete(memoKey);
      return entry;
    }
    if (this.cache) {
      try {
        await this.cache.set(
          entryKey(options.scope, generation, hash),
          `${entry.freshUntil} ${entry.staleUntil}${HEADER_END}${text}`,
          { ttl: options.ttlMs + staleMs },
        );
      } catch (error) {
        this.logger.warn('Read cache write failed', {
          scope: options.scope,
          error: String(error),
        });
      }
    }
    // Only while the scope was not invalidated meanwhile: a read that began before a write must
    // not be served after it.
    if (this.generations.get(options.scope)?.value === generation) {
      this.remember(memoKey, entry);
    }
    return entry;
  }

  private remember(memoKey: string, entry: Entry): void {
    setBounded(this.memo, memoKey, {
      ...entry,
      memoUntil: Math.min(entry.staleUntil, this.now() + READ_CACHE_MEMO_MS),
    });
  }

  private reloadInBackground(
    memoKey: string,
    generation: string,
    hash: string,
    load: () => Promise<string>,
    options: ReadCacheReadOptions,
  ): void {
    const { promise, leader } = this.inFlight.run(
      `${memoKey}\0${generation}\0reload`,
      () => this.load(memoKey, generation, hash, load, options),
    );
    if (leader) {
      promise.catch(error => {
        // The stale value is served until its window ends; then a read waits and sees the failure.
        this.logger.warn('Background reload failed', {
          scope: options.scope,
          error: String(error),
        });
      });
    }
  }
}

function hashKey(key: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(key)).digest('base64url');
}

function generationKey(scope: string): string {
  return `${KEY_PREFIX}:${encodeURIComponent(scope)}:generation`;
}

function entryKey(scope: string, generation: string, hash: string): string {
  return `${KEY_PREFIX}:${encodeURIComponent(scope)}:${generation}:${hash}`;
}

function parseEntry(
  stored: string,
  generation: string,
  now: number,
): Entry | undefined {
  const headerEnd = stored.indexOf(HEADER_END);
  const [fresh, stale] = stored.slice(0, headerEnd).split(' ').map(Number);
  if (headerEnd < 0 || !Number.isFinite(fresh) || !Number.isFinite(stale)) {
    return undefined;
  }
  return {
    text: stored.slice(headerEnd + 1),
    generation,
    freshUntil: fresh,
    staleUntil: stale,
    memoUntil: now,
  };
}
