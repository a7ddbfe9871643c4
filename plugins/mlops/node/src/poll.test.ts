import { pollUntil } from './poll';

/** A clock that only moves when the injected sleep waits, and the waits it was asked for. */
function fakeTime() {
  let time = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep: async (ms: number) => {
      waits.push(ms);
      time += ms;
    },
  };
}

describe('pollUntil', () => {
  it('reads until the value is final, waiting the interval between reads', async () => {
    const time = fakeTime();
    const states = ['queued', 'running', 'running', 'success'];
    const seen: string[] = [];

    const result = await pollUntil({
      read: async () => states.shift()!,
      done: state => state === 'success',
      onRead: state => seen.push(state),
      intervalMs: 5_000,
      timeoutMs: 60_000,
      ...time,
    });

    expect(result).toEqual({ status: 'done', value: 'success', reads: 4 });
    expect(seen).toEqual(['queued', 'running', 'running', 'success']);
    expect(time.waits).toEqual([5_000, 5_000, 5_000]);
  });

  it('answers without waiting when the first read is final', async () => {
    const time = fakeTime();

    await expect(
      pollUntil({
        read: async () => 'failed',
        done: () => true,
        intervalMs: 5_000,
        timeoutMs: 0,
        ...time,
      }),
    ).resolves.toEqual({ status: 'done', value: 'failed', reads: 1 });
    expect(time.waits).toEqual([]);
  });

  it('times out with the last value, the last wait cut to end at the deadline', async () => {
    const time = fakeTime();
    let reads = 0;

    const result = await pollUntil({
      read: async () => `running ${++reads}`,
      done: () => false,
      intervalMs: 4_000,
      timeoutMs: 10_000,
      ...time,
    });

    // Reads at 0, 4 and 8 s, and once more at the deadline.
    expect(result).toEqual({ status: 'timeout', value: 'running 4', reads: 4 });
    expect(time.waits).toEqual([4_000, 4_000, 2_000]);
  });

  it('stops when the signal aborts, without another read', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    let reads = 0;

    const result = await pollUntil({
      read: async () => {
        reads += 1;
        if (reads === 2) {
          controller.abort();
        }
        return reads;
      },
      done: () => false,
      intervalMs: 1_000,
      timeoutMs: 60_000,
      signal: controller.signal,
      ...time,
    });

    expect(result).toEqual({ status: 'aborted', value: 2, reads: 2 });
  });

  it('does not read at all when the signal aborted before', async () => {
    const read = jest.fn(async () => 'running');

    await expect(
      pollUntil({
        read,
        done: () => false,
        intervalMs: 1_000,
        timeoutMs: 60_000,
        signal: AbortSignal.abort(),
      }),
    ).resolves.toEqual({ status: 'aborted', reads: 0 });
    expect(read).not.toHaveBeenCalled();
  });

  it('ends its real wait as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);

    const result = await pollUntil({
      read: async () => 'running',
      done: () => false,
      intervalMs: 60_000,
      timeoutMs: 120_000,
      signal: controller.signal,
    });

    expect(result.status).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('waits in real time when no sleep is injected', async () => {
    const started = Date.now();
    const states = ['running', 'success'];

    await pollUntil({
      read: async () => states.shift()!,
      done: state => state === 'success',
      intervalMs: 50,
      timeoutMs: 10_000,
    });

    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('passes a failed read on', async () => {
    const failure = new Error('instance down');

    await expect(
      pollUntil({
        read: async () => {
          throw failure;
        },
        done: () => false,
        intervalMs: 1,
        timeoutMs: 1,
      }),
    ).rejects.toBe(failure);
  });

  it('refuses an interval that would never wait', async () => {
    await expect(
      pollUntil({
        read: async () => 1,
        done: () => false,
        intervalMs: 0,
        timeoutMs: 1_000,
      }),
    ).rejects.toThrow(RangeError);
  });
});
