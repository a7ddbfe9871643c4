/*
 * Checked reads of a JSON value from the Kubernetes API: an absent field is undefined, a field
 * of the wrong type throws a MalformedObjectError naming its path. Each takes the value and its
 * path (the caller reads `parent.field` itself: a property each call site knows, rather than
 * one keyed lookup shared by every field of every object).
 */

/**
 * An upstream object that is not what the CRD says: the path of the field and what was wrong.
 *
 * @public
 */
export class MalformedObjectError extends Error {
  constructor(readonly path: string, problem: string) {
    super(`${path} ${problem}`);
    this.name = 'MalformedObjectError';
  }
}

/** A JSON object (anything but an array or null). */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function wrongType(value: unknown, path: string, expected: string): never {
  throw new MalformedObjectError(
    path,
    `is ${describe(value)}, expected ${expected}`,
  );
}

export function optionalRecord(
  value: unknown,
  path: string,
): JsonRecord | undefined {
  if (value === undefined || value === null) return undefined;
  return isRecord(value) ? value : wrongType(value, path, 'an object');
}

export function optionalString(
  value: unknown,
  path: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : wrongType(value, path, 'a string');
}

export function optionalInteger(
  value: unknown,
  path: string,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isInteger(value)
    ? value
    : wrongType(value, path, 'an integer');
}

export function optionalBoolean(
  value: unknown,
  path: string,
): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'boolean'
    ? value
    : wrongType(value, path, 'a boolean');
}

export function optionalArray(
  value: unknown,
  path: string,
): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value : wrongType(value, path, 'an array');
}

export function recordItem(value: unknown, path: string): JsonRecord {
  return isRecord(value) ? value : wrongType(value, path, 'an object');
}

export function requiredString(value: unknown, path: string): string {
  const text = optionalString(value, path);
  if (text === undefined || text === '') {
    throw new MalformedObjectError(path, 'is missing');
  }
  return text;
}

/** A string map such as `metadata.labels`: every value must be a string. */
export function optionalStringMap(
  value: unknown,
  path: string,
): Record<string, string> {
  const map = optionalRecord(value, path) ?? {};
  // A parsed JSON object has no inherited enumerable keys; for-in spares an entries array.
  for (const k in map) {
    if (typeof map[k] !== 'string') {
      wrongType(map[k], `${path}[${JSON.stringify(k)}]`, 'a string');
    }
  }
  return map as Record<string, string>;
}
