import { CacheService } from '@backstage/backend-plugin-api';

/** A CacheService in a Map, with TTLs on an injectable clock and the keys it saw. */
export function memoryCache(now: () => number = Date.now) {
  const entries = new Map<string, { value: unknown; expires: number }>();
  const cache: CacheService = {
    async get(key) {
      const entry = entries.get(key);
      if (!entry || entry.expires <= now()) return undefined;
      return structuredClone(entry.value) as never;
    },
    async set(key, value, options) {
      const ttl = typeof options?.ttl === 'number' ? options.ttl : 60_000;
      entries.set(key, { value: structuredClone(value), expires: now() + ttl });
    },
    async delete(key) {
      entries.delete(key);
    },
    withOptions() {
      return cache;
    },
  };
  return { cache, keys: () => [...entries.keys()] };
}
