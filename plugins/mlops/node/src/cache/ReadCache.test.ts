import { mockServices } from '@backstage/backend-test-utils';
import { mockMemoryCache } from '../testUtils/memoryCache';
import { READ_CACHE_MEMO_MS, ReadCache } from './ReadCache';

const TTL = 5_000;
const options = { scope: 'mlflow:prod', ttlMs: TTL, staleMs: TTL };

/** A shared store (Redis), replicas on it, one clock, and an upstream that counts its reads. */
function setup() {
  let now = 1_000_000;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  const store = mockMemoryCache(clock.now);
  const replica = () =>
    new ReadCache({
      cache: store.cache,
      logger: mockServices.logger.mock(),
      now: clock.now,
    });
  let version = 0;
  const upstream = {
    reads: 0,
    /** What the upstream holds now. */
    set: (v: number) => {
      version = v;
    },
    load: jest.fn(async () => {
      upstream.reads++;
      return `v${version}`;
    }),
  };
  return { clock, store, replica, upstream };
}

/** Lets background reloads (started without being awaited) finish. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('ReadCache', () => {
  it('serves a stored value until it is ttl + stale old, never older', async () => {
    const { clock, replica, upstream } = setup();
    const cache = replica();
    upstream.set(1);
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v1');
    upstream.set(2);

    clock.advance(TTL - 1);
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v1');
    expect(upstream.reads).toBe(1);

    // Past the TTL: the stale value once more, and one reload behind it.
    clock.advance(2);
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v1');
    await settle();
    expect(upstream.reads).toBe(2);
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v2');
  });

  it('waits for the upstream once a value is past its stale window', async () => {
    const { clock, replica, upstream } = setup();
    const cache = replica();
    upstream.set(1);
    await cache.readText(['k'], upstream.load, options);
    upstream.set(2);
    clock.advance(2 * TTL + 1);
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v2');
    expect(upstream.reads).toBe(2);
  });

  it('keeps serving the stale value while reloads fail, until the window ends', async () => {
    const { clock, replica, upstream } = setup();
    const cache = replica();
    upstream.set(1);
    await cache.readText(['k'], upstream.load, options);
    upstream.load.mockRejectedValue(new Error('upstream down'));
    clock.advance(TTL + 1);
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v1');
    await settle();
    clock.advance(TTL);
    await expect(cache.readText(['k'], upstream.load, options)).rejects.toThrow(
      'upstream down',
    );
  });

  it('coalesces concurrent reads of one key into one load', async () => {
    const { replica, upstream } = setup();
    const cache = replica();
    const texts = await Promise.all(
      Array.from({ length: 50 }, () =>
        cache.readText(['k'], upstream.load, options),
      ),
    );
    expect(new Set(texts)).toEqual(new Set(['v0']));
    expect(upstream.reads).toBe(1);
  });

  it('shares stored values between replicas', async () => {
    const { replica, upstream } = setup();
    await replica().readText(['k'], upstream.load, options);
    await replica().readText(['k'], upstream.load, options);
    expect(upstream.reads).toBe(1);
  });

  it('after an invalidation serves nothing older here, and on other replicas within the memo window', async () => {
    const { clock, replica, upstream } = setup();
    const writer = replica();
    const other = replica();
    upstream.set(1);
    await writer.readText(['k'], upstream.load, options);
    await other.readText(['k'], upstream.load, options);

    upstream.set(2);
    await writer.invalidate('mlflow:prod');
    expect(await writer.readText(['k'], upstream.load, options)).toBe('v2');

    // The other replica remembered v1 a moment ago; within the memo window it may still serve it…
    expect(await other.readText(['k'], upstream.load, options)).toBe('v1');
    // …but never after it.
    clock.advance(READ_CACHE_MEMO_MS);
    expect(await other.readText(['k'], upstream.load, options)).toBe('v2');
    expect(upstream.reads).toBe(2);
  });

  it('never stores a read that began before an invalidation where later reads find it', async () => {
    const { replica, upstream } = setup();
    const cache = replica();
    upstream.set(1);
    let release!: () => void;
    const slow = cache.readText(
      ['k'],
      async () => {
        await new Promise<void>(resolve => {
          release = resolve;
        });
        return 'v1 (read before the write)';
      },
      options,
    );
    await settle();
    upstream.set(2);
    await cache.invalidate('mlflow:prod');
    // A read after the write does not join the one in flight since before it.
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v2');
    release();
    expect(await slow).toBe('v1 (read before the write)');
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v2');
  });

  it('invalidates one scope only', async () => {
    const { replica, upstream } = setup();
    const cache = replica();
    await cache.readText(['k'], upstream.load, options);
    await cache.readText(['k'], upstream.load, { ...options, scope: 'other' });
    await cache.invalidate('other');
    await cache.readText(['k'], upstream.load, options);
    expect(upstream.reads).toBe(2);
  });

  it('stores nothing with ttl 0, but still coalesces', async () => {
    const { replica, upstream, store } = setup();
    const cache = replica();
    const uncached = { scope: 's', ttlMs: 0 };
    await Promise.all([
      cache.readText(['k'], upstream.load, uncached),
      cache.readText(['k'], upstream.load, uncached),
    ]);
    await cache.readText(['k'], upstream.load, uncached);
    expect(upstream.reads).toBe(2);
    expect(store.keys()).toEqual([]);
  });

  it('keeps values a caller says are not cacheable out of the store', async () => {
    const { replica, upstream } = setup();
    const cache = replica();
    const notCacheable = { ...options, cacheable: () => false };
    await cache.readText(['k'], upstream.load, notCacheable);
    await cache.readText(['k'], upstream.load, notCacheable);
    expect(upstream.reads).toBe(2);
  });

  it('never stores failures', async () => {
    const { replica, upstream } = setup();
    const cache = replica();
    upstream.load.mockRejectedValueOnce(new Error('boom'));
    await expect(cache.readText(['k'], upstream.load, options)).rejects.toThrow(
      'boom',
    );
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v0');
  });

  it('reads upstream when the store is unreachable', async () => {
    const { replica, upstream, store } = setup();
    const cache = replica();
    store.setBroken(true);
    expect(await cache.readText(['k'], upstream.load, options)).toBe('v0');
    await cache.invalidate('mlflow:prod');
    expect(upstream.reads).toBe(1);
  });

  it('hashes keys, so identities in them never reach the store', async () => {
    const { replica, upstream, store } = setup();
    await replica().readText(
      ['user:default/alice', 'Bearer secret'],
      upstream.load,
      options,
    );
    expect(store.keys().join()).not.toMatch(/alice|secret/);
    expect(
      store.keys().every(key => key.startsWith('mlops-read:v1:mlflow%3Aprod:')),
    ).toBe(true);
  });

  it('shares one frozen readJson value: no caller can change what the next gets', async () => {
    const { replica } = setup();
    const cache = replica();
    const load = async () => ({ items: [1] });
    const first = await cache.readJson(['j'], load, options);
    expect(() => first.items.push(2)).toThrow(TypeError);
    expect(await cache.readJson(['j'], load, options)).toBe(first);
    expect(first).toEqual({ items: [1] });
  });

  describe('readDecoded', () => {
    const decode = jest.fn((text: string) => ({ text, items: [text] }));
    beforeEach(() => decode.mockClear());
    const readDecodedKey = (cache: ReadCache, load: () => Promise<string>) =>
      cache.readDecoded(['d'], load, options, decode);

    it('decodes a cached text once and shares the frozen value', async () => {
      const { replica, upstream } = setup();
      const cache = replica();
      upstream.set(1);
      const first = await readDecodedKey(cache, upstream.load);
      const second = await readDecodedKey(cache, upstream.load);
      expect(second).toBe(first);
      expect(decode).toHaveBeenCalledTimes(1);
      expect(Object.isFrozen(first.items)).toBe(true);
      expect(() => first.items.push('changed')).toThrow(TypeError);
    });

    it('decodes again once the cache answers another text, never serving the old value', async () => {
      const { clock, replica, upstream } = setup();
      const cache = replica();
      upstream.set(1);
      await readDecodedKey(cache, upstream.load);
      upstream.set(2);
      await cache.invalidate(options.scope);
      expect((await readDecodedKey(cache, upstream.load)).text).toBe('v2');
      // A reload past the TTL replaces the text: the value follows it.
      upstream.set(3);
      clock.advance(TTL + 1);
      await readDecodedKey(cache, upstream.load);
      await settle();
      clock.advance(READ_CACHE_MEMO_MS);
      expect((await readDecodedKey(cache, upstream.load)).text).toBe('v3');
      expect(decode).toHaveBeenCalledTimes(3);
    });

    it('keeps nothing without a shared store, and still freezes', async () => {
      const { upstream } = setup();
      const cache = new ReadCache({ logger: mockServices.logger.mock() });
      const first = await readDecodedKey(cache, upstream.load);
      const second = await readDecodedKey(cache, upstream.load);
      expect(second).not.toBe(first);
      expect(upstream.reads).toBe(2);
      expect(Object.isFrozen(second)).toBe(true);
    });
  });
});
