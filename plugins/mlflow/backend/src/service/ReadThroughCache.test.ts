import { mockServices } from '@backstage/backend-test-utils';
import { memoryCache } from '../__testUtils__/memoryCache';
import { ReadThroughCache } from './ReadThroughCache';

describe('ReadThroughCache', () => {
  let now = 0;
  const setup = (cache = memoryCache(() => now).cache) => {
    const logger = mockServices.logger.mock();
    return {
      logger,
      reads: new ReadThroughCache({
        cache,
        logger,
        namespace: 'test',
        now: () => now,
      }),
    };
  };

  beforeEach(() => {
    now = 1_000;
  });

  it('lets concurrent identical reads share one load', async () => {
    const { reads } = setup();
    const load = jest.fn(async () => ({ n: 1 }));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => reads.get(['a'], 0, load)),
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(results).toEqual(Array(5).fill({ n: 1 }));
  });

  it('serves later reads from the cache until the TTL passes', async () => {
    const { reads } = setup();
    let n = 0;
    const load = async () => ({ n: ++n });
    expect(await reads.get(['a'], 500, load)).toEqual({ n: 1 });
    now += 499;
    expect(await reads.get(['a'], 500, load)).toEqual({ n: 1 });
    expect(await reads.get(['b'], 500, load)).toEqual({ n: 2 });
    now += 1;
    expect(await reads.get(['a'], 500, load)).toEqual({ n: 3 });
  });

  it('keeps a value in memory for up to a second, sparing the cache round trip', async () => {
    const store = memoryCache(() => now);
    const spy = jest.spyOn(store.cache, 'get');
    const { reads } = setup(store.cache);
    let n = 0;
    const load = async () => ({ n: ++n });
    await reads.get(['a'], 5_000, load);
    expect(spy).toHaveBeenCalledTimes(1);
    now += 999;
    expect(await reads.get(['a'], 5_000, load)).toEqual({ n: 1 });
    expect(spy).toHaveBeenCalledTimes(1);
    now += 1;
    // The memo expired; the shared cache still has it.
    expect(await reads.get(['a'], 5_000, load)).toEqual({ n: 1 });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('hands text through untouched and keeps what is not cacheable out of both caches', async () => {
    const store = memoryCache(() => now);
    const { reads } = setup(store.cache);
    const page = '{"items":[],"errors":[{"instance":"prod"}]}';
    let loads = 0;
    const load = async () => {
      loads++;
      return page;
    };
    expect(await reads.text(['p'], 5_000, load, () => false)).toBe(page);
    expect(await reads.text(['p'], 5_000, load, () => false)).toBe(page);
    expect(loads).toBe(2);
    expect(store.keys()).toEqual([]);
  });

  it('caches nothing with a TTL of 0 and never caches a failure', async () => {
    const { reads } = setup();
    let n = 0;
    expect(await reads.get(['a'], 0, async () => ++n)).toBe(1);
    expect(await reads.get(['a'], 0, async () => ++n)).toBe(2);
    await expect(
      reads.get(['c'], 500, async () => {
        throw new Error('upstream down');
      }),
    ).rejects.toThrow('upstream down');
    expect(await reads.get(['c'], 500, async () => 'back')).toBe('back');
  });

  it('keeps keys apart and does not store them in the clear', async () => {
    const store = memoryCache(() => now);
    const { reads } = setup(store.cache);
    await reads.get(
      ['user:default/alice', 'component:default/x'],
      500,
      async () => 1,
    );
    await reads.get(
      ['user:default/bob', 'component:default/x'],
      500,
      async () => 2,
    );
    expect(store.keys()).toHaveLength(2);
    expect(store.keys().join()).not.toContain('alice');
  });

  it('bypasses a failing cache, logging it', async () => {
    const broken = mockServices.cache.mock({
      get: async () => {
        throw new Error('redis down');
      },
      set: async () => {
        throw new Error('redis down');
      },
    });
    const { reads, logger } = setup(broken);
    expect(await reads.get(['a'], 500, async () => 'fresh')).toBe('fresh');
    expect(logger.warn).toHaveBeenCalledWith(
      'Cache read failed; loading instead',
      expect.objectContaining({ error: 'Error: redis down' }),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Cache write failed',
      expect.anything(),
    );
  });

  describe('stale-while-revalidate', () => {
    const flush = () => new Promise(resolve => setImmediate(resolve));

    it('serves the stale value at once and reloads it once in the background', async () => {
      const { reads } = setup();
      let n = 0;
      const load = jest.fn(async () => `v${++n}`);
      const read = () =>
        reads.text(['a'], 500, load, undefined, { staleMs: 500 });
      expect(await read()).toBe('v1');
      now += 600;
      const [first, second] = await Promise.all([read(), read()]);
      expect([first, second]).toEqual(['v1', 'v1']);
      await flush();
      expect(load).toHaveBeenCalledTimes(2);
      expect(await read()).toBe('v2');
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('waits for the reload once the stale window has passed', async () => {
      const { reads } = setup();
      let n = 0;
      const load = async () => `v${++n}`;
      const read = () =>
        reads.text(['a'], 500, load, undefined, { staleMs: 500 });
      await read();
      now += 1_001;
      expect(await read()).toBe('v2');
    });

    it('serves a stale value another replica left in the shared cache, and reloads it', async () => {
      const store = memoryCache(() => now);
      const replicaA = setup(store.cache).reads;
      const replicaB = setup(store.cache).reads;
      let n = 0;
      const load = jest.fn(async () => `v${++n}`);
      await replicaA.text(['a'], 500, load, undefined, { staleMs: 500 });
      now += 600;
      expect(
        await replicaB.text(['a'], 500, load, undefined, { staleMs: 500 }),
      ).toBe('v1');
      await flush();
      await flush();
      expect(load).toHaveBeenCalledTimes(2);
      expect(
        await replicaB.text(['a'], 500, load, undefined, { staleMs: 500 }),
      ).toBe('v2');
    });

    it('keeps serving the stale value when the background reload fails', async () => {
      const { reads, logger } = setup();
      let fail = false;
      const load = async () => {
        if (fail) throw new Error('upstream down');
        return 'v1';
      };
      const read = () =>
        reads.text(['a'], 500, load, undefined, { staleMs: 500 });
      await read();
      fail = true;
      now += 600;
      expect(await read()).toBe('v1');
      await flush();
      expect(logger.warn).toHaveBeenCalledWith(
        'Background reload failed',
        expect.objectContaining({ error: 'Error: upstream down' }),
      );
      expect(await read()).toBe('v1');
    });
  });
});
