/*
 * Checked reads of a JSON object from the Kubernetes API: an absent field is undefined, a field
 * of the wrong type throws a MalformedObjectError naming its path.
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

export function optionalRecord(
  parent: JsonRecord | undefined,
  key: string,
  path: string,
): JsonRecord | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    throw new MalformedObjectError(
      `${path}.${key}`,
      `is ${describe(value)}, expected an object`,
    );
  }
  return value;
}

export function optionalString(
  parent: JsonRecord | undefined,
  key: string,
  path: string,
): string | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new MalformedObjectError(
      `${path}.${key}`,
      `is ${describe(value)}, expected a string`,
    );
  }
  return value;
}

export function optionalInteger(
  parent: JsonRecord | undefined,
  key: string,
  path: string,
): number | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new MalformedObjectError(
      `${path}.${key}`,
      `is ${describe(value)}, expected an integer`,
    );
  }
  return value;
}

export function optionalBoolean(
  parent: JsonRecord | undefined,
  key: string,
  path: string,
): boolean | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new MalformedObjectError(
      `${path}.${key}`,
      `is ${describe(value)}, expected a boolean`,
    );
  }
  return value;
}

export function optionalArray(
  parent: JsonRecord | undefined,
  key: string,
  path: string,
): unknown[] | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw new MalformedObjectError(
      `${path}.${key}`,
      `is ${describe(value)}, expected an array`,
    );
  }
  return value;
}

export function recordItem(value: unknown, path: string): JsonRecord {
  if (!isRecord(value)) {
    throw new MalformedObjectError(
      path,
      `is ${describe(value)}, expected an object`,
    );
  }
  return value;
}

export function requiredString(
  parent: JsonRecord | undefined,
  key: string,
  path: string,
): string {
  const value = optionalString(parent, key, path);
  if (value === undefined || value === '') {
    throw new MalformedObjectError(`${path}.${key}`, 'is missing');
  }
  return value;
}

/** A string map such as `metadata.labels`: every value must be a string. */
export function optionalStringMap(
  parent: JsonRecord | undefined,
  key: string,
  path: string,
): Record<string, string> {
  const map = optionalRecord(parent, key, path) ?? {};
  // A parsed JSON object has no inherited enumerable keys; for-in spares an entries array.
  for (const k in map) {
    if (typeof map[k] !== 'string') {
      throw new MalformedObjectError(
        `${path}.${key}[${JSON.stringify(k)}]`,
        `is ${describe(map[k])}, expected a string`,
      );
    }
  }
  return map as Record<string, string>;
}
