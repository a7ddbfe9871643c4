/**
 * Time in the sandbox. The story happens before BASE_TIME ("now" for the dataset);
 * writes made through the APIs get timestamps from a logical clock that starts at
 * BASE_TIME and advances one second per write, so the same sequence of requests gives the
 * same timestamps on every run (no wall-clock time in data).
 */

/** The dataset's "now": 2026-11-01T00:00:00Z, in epoch milliseconds. */
export const BASE_TIME_MS = Date.UTC(2026, 10, 1, 0, 0, 0);

/** Milliseconds per unit, for readable arithmetic. */
export const SECOND = 1000;
/** One minute in ms. */
export const MINUTE = 60 * SECOND;
/** One hour in ms. */
export const HOUR = 60 * MINUTE;
/** One day in ms. */
export const DAY = 24 * HOUR;

/** RFC 3339 without fractional seconds, `Z` suffix (Kubernetes, KFP, Airflow 3). */
export function isoZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Timestamps as Airflow 3 (pydantic) serialises them: `2026-10-31T02:00:04.123000Z`, no fraction when zero. */
export function airflow3Time(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 23)}000Z`;
}

/** Timestamps as Airflow 2 serialises them: `2026-10-31T02:00:04.123000+00:00`. */
export function airflow2Time(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0
    ? `${iso.slice(0, 19)}+00:00`
    : `${iso.slice(0, 23)}000+00:00`;
}

/** Airflow run-id timestamp part: `2026-10-31T02:00:00+00:00`. */
export function runIdStamp(ms: number): string {
  return `${isoZ(ms).slice(0, 19)}+00:00`;
}

/** A monotonically increasing clock for writes. */
export class LogicalClock {
  private ticks = 0;

  /** The next timestamp (ms), one second after the previous one. */
  tick(): number {
    this.ticks += 1;
    return BASE_TIME_MS + this.ticks * SECOND;
  }

  /** Current time (ms) without advancing. */
  now(): number {
    return BASE_TIME_MS + this.ticks * SECOND;
  }
}
