/*
 * What a DAG run is triggered with, checked by one rule wherever it comes in: the client before
 * its request, the backend's routes and actions, the scaffolder action. Airflow refuses the rest
 * with a 400 or 422 whose message names neither the field nor the fix.
 */

/**
 * Whether a value can be a DAG run's `conf`: a JSON object (not null, not an array).
 *
 * @public
 */
export function isDagRunConf(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why a value cannot be a DAG run's `conf`, or undefined when it can: absent (undefined) is no
 * conf; null, arrays and every other value are refused.
 *
 * @public
 */
export function describeConfProblem(value: unknown): string | undefined {
  if (value === undefined || isDagRunConf(value)) {
    return undefined;
  }
  return `conf must be a JSON object of the run's parameters, e.g. {"epochs": 10}; got ${describeValue(
    value,
  )}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return 'a string (give the object itself, not its JSON text)';
  }
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

// RFC 3339's date-time (upper-case `T`, `Z`), as far as both Airflows read it: Airflow 3 takes
// an aware datetime with at most microseconds, Airflow 2 an OpenAPI `date-time` (seconds
// required), and both store a Python datetime, whose years run from 1 to 9999.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const MAX_YEAR = 9999;

/**
 * Whether a value is a date-time Airflow accepts: RFC 3339 with seconds and an offset or `Z`
 * (e.g. `2026-11-01T02:00:00Z`, `2026-11-01T03:00:00.5+01:00`), a day that exists, at most
 * microseconds, in years 1 to 9999 also in UTC.
 *
 * @public
 */
export function isAirflowDateTime(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!match) {
    return false;
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number);
  const [sign, offsetHours, offsetMinutes] = [
    match[7],
    Number(match[8] ?? 0),
    Number(match[9] ?? 0),
  ];
  if (
    year < 1 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    // Python's datetime has no leap second.
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return false;
  }
  const utc = new Date(0);
  const towardsUtc = sign === '-' ? 1 : -1;
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(
    hour + towardsUtc * offsetHours,
    minute + towardsUtc * offsetMinutes,
  );
  return utc.getUTCFullYear() >= 1 && utc.getUTCFullYear() <= MAX_YEAR;
}

/**
 * Why a value is not a date-time Airflow accepts (see {@link isAirflowDateTime}), naming the
 * field; undefined when it is one.
 *
 * @public
 */
export function describeDateTimeProblem(
  field: string,
  value: unknown,
): string | undefined {
  if (isAirflowDateTime(value)) {
    return undefined;
  }
  const got =
    typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
  return `${field} must be an RFC 3339 date-time with seconds and an offset, e.g. 2026-11-01T02:00:00Z; got ${got}`;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
