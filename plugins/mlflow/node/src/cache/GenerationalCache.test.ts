import { CacheService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { GenerationalCache } from './GenerationalCache';

async function createMemoryCache(): Promise<CacheService> {
  const tester = ServiceFactoryTester.from(mockServices.cache.factory(), {
    dependencies: [mockServices.rootConfig.factory({ data: {} })],
  });
  return tester.getSubject('mlflow');
}

const GENERATION_KEY = 'test:generation';

async function createCaches() {
  const inner = await createMemoryCache();
  return {
    inner,
    a: new GenerationalCache(inner, GENERATION_KEY, 60_000),
    b: new GenerationalCache(inner, GENERATION_KEY, 60_000),
  };
}

/** One read as UpstreamHttpClient does it: get, and on a miss set what upstream answered. */
async function readThrough(
  cache: GenerationalCache,
  key: string,
  upstream: () => Promise<string>,
): Promise<string> {
  const hit = await cache.get<string>(key);
  if (hit !== undefined) {
    return hit;
  }
  const value = await upstream();
  await cache.set(key, value);
  return value;
}

describe('GenerationalCache', () => {
  it('stores a value read after a miss and serves it', async () => {
    const { a } = await createCaches();
    expect(await readThrough(a, 'k', async () => 'v1')).toBe('v1');
    expect(await readThrough(a, 'k', async () => 'v2')).toBe('v1');
  });

  it('makes every earlier entry unreachable after invalidate, for every cache sharing the store', async () => {
    const { a, b } = await createCaches();
    await readThrough(a, 'k', async () => 'before');
    await readThrough(b, 'other', async () => 'before');
    await b.invalidate();
    expect(await a.get('k')).toBeUndefined();
    expect(await readThrough(b, 'other', async () => 'after')).toBe('after');
  });

  it('never stores an answer that straddled an invalidation into the new generation', async () => {
    const { a, b } = await createCaches();
    // The read misses, then a write (on another replica) invalidates while it is upstream.
    const stale = await readThrough(a, 'k', async () => {
      await b.invalidate();
      return 'pre-write answer';
    });
    expect(stale).toBe('pre-write answer');
    expect(await b.get('k')).toBeUndefined();
  });

  it('does not store a value that no miss asked for', async () => {
    const { a } = await createCaches();
    await a.set('k', 'unasked');
    expect(await a.get('k')).toBeUndefined();
  });

  it('deletes the current entry of a key', async () => {
    const { a } = await createCaches();
    await readThrough(a, 'k', async () => 'v');
    await a.delete('k');
    expect(await a.get('k')).toBeUndefined();
  });
});
