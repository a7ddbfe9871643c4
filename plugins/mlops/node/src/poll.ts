/**
 * Options of {@link pollUntil}.
 *
 * @public
 */
export interface PollUntilOptions<T> {
  /** Reads the value once (e.g. a run's state); a failure ends the polling with that error. */
  read(): Promise<T>;
  /** Whether the value is final (e.g. the run finished). */
  done(value: T): boolean;
  /** Called with every value read, e.g. to log when it changed. */
  onRead?(value: T): void;
  /** Time between the end of one read and the next one, in milliseconds (above 0). */
  intervalMs: number;
  /** How long to poll at most, in milliseconds, from the first read; the last wait is cut to end at it. */
  timeoutMs: number;
  /** Stops polling (the scaffolder's `ctx.signal`, when the task is cancelled). */
  signal?: AbortSignal;
  /** Waits between reads, ending early on `signal`; injectable so tests need not wait. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** The clock of the timeout; injectable for tests. */
  now?(): number;
}

/**
 * How {@link pollUntil} ended, with the last value read (absent only when the signal had
 * aborted before the first read) and how many reads it took.
 *
 * @public
 */
export type PollResult<T> =
  | { status: 'done'; value: T; reads: number }
  | { status: 'timeout'; value: T; reads: number }
  | { status: 'aborted'; value?: T; reads: number };

/**
 * Reads a value until it is final, the time is up or the signal aborts: at least once, then
 * every `intervalMs`, and once more at the deadline.
 *
 * @remarks
 * A timeout or an abort is an answer, not an error, so the caller can say what the value was
 * (e.g. "still running after 10 minutes"). A read that fails ends the polling with its error: an
 * upstream client retries its own transient failures.
 *
 * @public
 */
export async function pollUntil<T>(
  options: PollUntilOptions<T>,
): Promise<PollResult<T>> {
  const { intervalMs, timeoutMs, signal } = options;
  if (!(intervalMs > 0) || !(timeoutMs >= 0)) {
    throw new RangeError(
      `pollUntil needs intervalMs > 0 and timeoutMs >= 0, got ${intervalMs} and ${timeoutMs}`,
    );
  }
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepUnlessAborted;
  const deadline = now() + timeoutMs;
  let reads = 0;
  let value: T | undefined;
  for (;;) {
    if (signal?.aborted) {
      return reads === 0
        ? { status: 'aborted', reads }
        : { status: 'aborted', value, reads };
    }
    value = await options.read();
    reads += 1;
    options.onRead?.(value);
    if (options.done(value)) {
      return { status: 'done', value, reads };
    }
    const remaining = deadline - now();
    if (remaining <= 0) {
      return { status: 'timeout', value, reads };
    }
    await sleep(Math.min(intervalMs, remaining), signal);
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
  });
}
