import { CacheService } from '@backstage/backend-plugin-api';

/**
 * A CacheService in a Map, with TTLs on an injectable clock, the keys it holds, and a switch to
 * make it fail like an unreachable Redis.
 *
 * @public
 */
export function mockMemoryCache(now: () => number = Date.now): {
  cache: CacheService;
  keys(): string[];
  /** While true every call rejects. */
  setBroken(broken: boolean): void;
} {
  const entries = new Map<string, { value: unknown; expires: number }>();
  let broken = false;
  const check = () => {
    if (broken) {
      throw new Error('cache store unreachable');
    }
  };
  const cache: CacheService = {
    async get(key) {
      check();
      const entry = entries.get(key);
      if (!entry || entry.expires <= now()) return undefined;
      return structuredClone(entry.value) as never;
    },
    async set(key, value, options) {
      check();
      const ttl = typeof options?.ttl === 'number' ? options.ttl : 60_000;
      entries.set(key, { value: structuredClone(value), expires: now() + ttl });
    },
    async delete(key) {
      check();
      entries.delete(key);
    },
    withOptions() {
      return cache;
    },
  };
  return {
    cache,
    keys: () => [...entries.keys()],
    setBroken: value => {
      broken = value;
    },
  };
}
