/** The outcome of reading the trigger dialog's `conf` text. */
export type ConfParse =
  | { ok: true; conf: Record<string, unknown> | undefined }
  | { ok: false; problem: string };

/**
 * Reads the `conf` a user typed: blank is no conf, otherwise it must be a JSON object (Airflow
 * rejects anything else with a 400 whose message names neither the field nor the fix, so the
 * dialog says it first and sends nothing).
 */
export function parseConf(text: string): ConfParse {
  if (text.trim() === '') {
    return { ok: true, conf: undefined };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      problem: `Conf is not valid JSON: ${(e as Error).message}`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      problem: `Conf must be a JSON object such as {"epochs": 10}, not ${describe(
        value,
      )}`,
    };
  }
  return { ok: true, conf: value as Record<string, unknown> };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * The ISO 8601 instant of a `datetime-local` input's value (the viewer's time zone), undefined
 * when blank, or null when it is not a date.
 */
export function localDateTimeToIso(value: string): string | undefined | null {
  if (value.trim() === '') {
    return undefined;
  }
  const time = new Date(value).getTime();
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}
