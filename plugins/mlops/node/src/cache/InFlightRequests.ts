/**
 * Lets identical concurrent calls share one in-flight promise.
 *
 * @remarks
 * Only in-flight work is shared; once the promise settles the key is freed, so
 * a later call starts afresh (the cache, not this, serves settled results).
 * A rejection is shared too, and never remembered.
 *
 * @internal
 */
export class InFlightRequests {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /** Runs `work` unless a call with the same key is in flight; `leader` says which happened. */
  run<T>(
    key: string,
    work: () => Promise<T>,
  ): { promise: Promise<T>; leader: boolean } {
    const existing = this.inFlight.get(key);
    if (existing) {
      return { promise: existing as Promise<T>, leader: false };
    }
    const promise = work().finally(() => {
      this.inFlight.delete(key);
    });
    this.inFlight.set(key, promise);
    return { promise, leader: true };
  }

  /** How many distinct calls are in flight (for tests and diagnostics). */
  get size(): number {
    return this.inFlight.size;
  }
}
