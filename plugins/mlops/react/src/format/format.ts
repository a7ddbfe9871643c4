const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * What {@link formatDuration} and {@link formatTimestamp} show for an unknown value.
 *
 * @public
 */
export const UNKNOWN_VALUE = '–';

/**
 * Formats a duration in milliseconds for a table cell: `850 ms`, `12.4 s`, `3 min 05 s`,
 * `1 h 02 min`, `2 d 3 h`; {@link UNKNOWN_VALUE} when unknown or negative.
 *
 * @public
 */
export function formatDuration(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) {
    return UNKNOWN_VALUE;
  }
  if (ms < SECOND) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 10 * SECOND) {
    // one decimal only where it still carries information
    return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  }
  if (ms < MINUTE) {
    return `${Math.floor(ms / SECOND)} s`;
  }
  if (ms < HOUR) {
    const minutes = Math.floor(ms / MINUTE);
    const seconds = Math.floor((ms % MINUTE) / SECOND);
    return `${minutes} min ${pad(seconds)} s`;
  }
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return `${hours} h ${pad(minutes)} min`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  return `${days} d ${hours} h`;
}

/**
 * Formats an epoch-milliseconds timestamp in the viewer's time zone as `YYYY-MM-DD HH:mm`
 * (sortable and unambiguous across locales); {@link UNKNOWN_VALUE} when unknown.
 *
 * @public
 */
export function formatTimestamp(epochMs: number | undefined | null): string {
  if (epochMs === undefined || epochMs === null || !Number.isFinite(epochMs)) {
    return UNKNOWN_VALUE;
  }
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
