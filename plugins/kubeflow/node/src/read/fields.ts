/*
 * Field readers for KFP answers. The Swagger marks no field required, so each reader says which
 * fields the portal cannot do without (missing: the answer is malformed) and checks the type of
 * every other field it reads, `null` being absent.
 *
 * Where a problem is (`answer.runs[3].run_details.task_details[0].task_id`) is put together
 * only when there is one: a reader names the field relative to the object it reads and each
 * enclosing object or list adds its step as the error passes through, so reading thousands of
 * pipelines costs no path strings.
 */

/** An answer that is not what the contract promises: `problem` at `path` below the answer. */
export class MalformedAnswer extends Error {
  constructor(
    readonly problem: string,
    /** Field names and list places from the answer down, outermost first. */
    readonly path: readonly string[] = [],
  ) {
    super(problem);
  }

  /** The same problem, seen from the object holding `step`. */
  below(step: string): MalformedAnswer {
    return new MalformedAnswer(this.problem, [step, ...this.path]);
  }

  /** `answer.pipelines[3].pipeline_id is missing`. */
  describe(): string {
    const where = this.path.reduce(
      (at, step) => (step.startsWith('[') ? at + step : `${at}.${step}`),
      'answer',
    );
    return `${where} ${this.problem}`;
  }
}

/** A JSON object of an answer. */
export type JsonObject = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

/** Whether a value is a string. */
export const isString = (v: unknown): v is string => typeof v === 'string';
/** Whether a value is a boolean. */
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
/** Whether a value is a list. */
export const isList = (v: unknown): v is unknown[] => Array.isArray(v);
/** Whether a value is a JSON object (not null, not a list). */
export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a value as an object; a MalformedAnswer (without a path) when it is none. */
export function asObject(value: unknown): JsonObject {
  if (!isObject(value)) {
    throw new MalformedAnswer(`is ${describe(value)}, not an object`);
  }
  return value;
}

/** `o[name]` when it passes `check`, undefined when absent or null. */
export function optional<T>(
  o: JsonObject,
  name: string,
  check: (value: unknown) => value is T,
  expected: string,
): T | undefined {
  const value = Object.prototype.hasOwnProperty.call(o, name)
    ? o[name]
    : undefined;
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!check(value)) {
    throw new MalformedAnswer(`is ${describe(value)}, not ${expected}`, [name]);
  }
  return value;
}

/** An optional string field. */
export function text(o: JsonObject, name: string): string | undefined {
  return optional(o, name, isString, 'a string');
}

/** A string field the portal cannot do without: present and not empty. */
export function requiredText(o: JsonObject, name: string): string {
  const value = text(o, name);
  if (!value) {
    throw new MalformedAnswer(value === '' ? 'is empty' : 'is missing', [name]);
  }
  return value;
}

/** An optional string field, empty meaning absent (grpc-gateway writes unset strings so). */
export function nonEmptyText(o: JsonObject, name: string): string | undefined {
  return text(o, name) || undefined;
}

/** What KFP writes for a timestamp it never set. */
const KFP_UNSET_TIME = Date.UTC(1970, 0, 1);

/**
 * An optional RFC 3339 timestamp; KFP's zero time (`1970-01-01T00:00:00Z`, e.g. the
 * `finished_at` of a run that still runs) is absent.
 */
export function timestamp(o: JsonObject, name: string): string | undefined {
  const value = nonEmptyText(o, name);
  if (value === undefined) {
    return undefined;
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new MalformedAnswer(
      `is ${JSON.stringify(value)}, not an RFC 3339 date-time`,
      [name],
    );
  }
  return time === KFP_UNSET_TIME ? undefined : value;
}

/**
 * An optional int64, which grpc-gateway writes as a decimal string (a JSON number is taken
 * too); it must fit a double exactly.
 */
export function int64(o: JsonObject, name: string): number | undefined {
  const value = optional(
    o,
    name,
    (v): v is string | number => typeof v === 'string' || typeof v === 'number',
    'an integer string',
  );
  if (value === undefined || value === '') {
    return undefined;
  }
  const parsed =
    typeof value === 'number' || !/^-?\d+$/.test(value) ? value : Number(value);
  if (typeof parsed !== 'number' || !Number.isSafeInteger(parsed)) {
    throw new MalformedAnswer(
      `is ${JSON.stringify(value)}, not an integer (int64 as a string)`,
      [name],
    );
  }
  return parsed;
}

/** An optional object field, read by `read`; its problems are named below `name`. */
export function nested<T>(
  o: JsonObject,
  name: string,
  read: (value: JsonObject) => T,
): T | undefined {
  const value = optional(o, name, isObject, 'an object');
  return value === undefined ? undefined : within(name, () => read(value));
}

/** An optional list field, each item read by `read`; absent is empty. */
export function list<T>(
  o: JsonObject,
  name: string,
  read: (item: unknown) => T,
): T[] {
  const items = optional(o, name, isList, 'a list');
  if (items === undefined) {
    return [];
  }
  const values: T[] = [];
  for (let index = 0; index < items.length; index++) {
    try {
      values.push(read(items[index]));
    } catch (error) {
      throw error instanceof MalformedAnswer
        ? error.below(`[${index}]`).below(name)
        : error;
    }
  }
  return values;
}

/** Runs `read`, naming any problem it finds below `step`. */
export function within<T>(step: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof MalformedAnswer ? error.below(step) : error;
  }
}

/** The `message` of a `googleRpcStatus` field, e.g. a run's `error`. */
export function statusMessage(o: JsonObject, name: string): string | undefined {
  return nested(o, name, status => nonEmptyText(status, 'message'));
}
