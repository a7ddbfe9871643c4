/**
 * An MLflow answer that is not what the contract promises; the client turns it into a
 * ServiceUnavailableError naming the instance, the operation and this message.
 */
export class MalformedAnswer extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedAnswer';
  }
}

/** A JSON object of an answer. */
export type JsonObject = Record<string, unknown>;

/**
 * Where a value sits in an answer, e.g. `answer.runs[3].info`: a stack of field names and list
 * indexes, spelled out only for an error message — a registry answer holds 50,000 versions, and
 * nothing is allocated per item on the way down.
 */
export class Where {
  private readonly segments: Array<string | number> = [];

  constructor(private readonly root: string) {}

  /** Steps into a field (a string) or a list item (a number). */
  enter(segment: string | number): void {
    this.segments.push(segment);
  }

  /** Steps back out. */
  leave(): void {
    this.segments.pop();
  }

  toString(): string {
    return this.segments.reduce<string>(
      (path, segment) =>
        typeof segment === 'number'
          ? `${path}[${segment}]`
          : `${path}.${segment}`,
      this.root,
    );
  }
}

const NON_FINITE: Record<string, number> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
};

/*
 * Checks of one field of a JSON object, in place: every field may be absent (proto3 JSON omits
 * defaults) and `null` counts as absent (it is set to undefined); a field of the wrong type is a
 * MalformedAnswer naming its path. Values are normalised where proto3 JSON allows two spellings
 * (int64 as a decimal string, doubles as 'NaN'). Nothing is copied: what the client hands out is
 * the parsed answer itself, checked.
 */

/** The value as a JSON object, or a MalformedAnswer. */
export function asObject(value: unknown, where: Where): JsonObject {
  if (!isObject(value)) {
    throw new MalformedAnswer(`${where} is ${describe(value)}, not an object`);
  }
  return value;
}

/** A string field; absent stays undefined. */
export function stringField(
  o: JsonObject,
  name: string,
  where: Where,
): string | undefined {
  const value = present(o, name);
  if (value !== undefined && typeof value !== 'string') {
    throw wrongType(where, name, value, 'a string');
  }
  return value;
}

/** A string field the portal cannot do without: present and not empty. */
export function requiredString(
  o: JsonObject,
  name: string,
  where: Where,
): string {
  const value = stringField(o, name, where);
  if (value === undefined || value === '') {
    throw new MalformedAnswer(`${where}.${name} is missing`);
  }
  return value;
}

/** An int64 field: MLflow writes a JSON number; proto3 JSON also allows a decimal string. */
export function integerField(o: JsonObject, name: string, where: Where): void {
  const value = present(o, name);
  if (
    value === undefined ||
    (typeof value === 'number' && Number.isInteger(value))
  ) {
    return;
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    o[name] = Number(value);
    return;
  }
  throw wrongType(where, name, value, 'an integer');
}

/** A double field: a JSON number, or `NaN`, `Infinity`, `-Infinity` as strings. */
export function doubleField(o: JsonObject, name: string, where: Where): void {
  const value = present(o, name);
  if (value === undefined || typeof value === 'number') {
    return;
  }
  if (typeof value === 'string' && value in NON_FINITE) {
    o[name] = NON_FINITE[value];
    return;
  }
  throw wrongType(where, name, value, 'a number');
}

/** An enum field; a name the portal does not know (a newer server's) counts as absent. */
export function enumField(
  o: JsonObject,
  name: string,
  known: readonly string[],
  where: Where,
): void {
  const value = stringField(o, name, where);
  if (value !== undefined && !known.includes(value)) {
    o[name] = undefined;
  }
}

/** A repeated string field; absent stays undefined. */
export function stringListField(
  o: JsonObject,
  name: string,
  where: Where,
): void {
  const value = present(o, name);
  if (
    value !== undefined &&
    (!Array.isArray(value) || !value.every(v => typeof v === 'string'))
  ) {
    throw wrongType(where, name, value, 'a list of strings');
  }
}

/** A repeated message field, each item checked by `check`; absent stays undefined. */
export function listField(
  o: JsonObject,
  name: string,
  where: Where,
  check: (item: unknown, where: Where) => unknown,
): void {
  const value = present(o, name);
  if (value === undefined) {
    return;
  }
  if (!Array.isArray(value)) {
    throw wrongType(where, name, value, 'a list');
  }
  where.enter(name);
  for (let index = 0; index < value.length; index++) {
    where.enter(index);
    check(value[index], where);
    where.leave();
  }
  where.leave();
}

/** A message field, checked by `check`; absent stays undefined. */
export function messageField(
  o: JsonObject,
  name: string,
  where: Where,
  check: (value: unknown, where: Where) => unknown,
  required = false,
): void {
  const value = present(o, name);
  if (value === undefined) {
    if (required) {
      throw new MalformedAnswer(`${where}.${name} is missing`);
    }
    return;
  }
  where.enter(name);
  check(value, where);
  where.leave();
}

/**
 * The field's value; `null` (proto3's "absent") becomes undefined. Inherited members are no field:
 * a field named like an object-prototype key is just a field, and JSON holds no functions.
 */
function present(o: JsonObject, name: string): unknown {
  const value = o[name];
  if (value === null) {
    o[name] = undefined;
    return undefined;
  }
  return typeof value === 'function' ? undefined : value;
}

function wrongType(
  where: Where,
  name: string,
  value: unknown,
  expected: string,
): MalformedAnswer {
  return new MalformedAnswer(
    `${where}.${name} is ${describe(value)}, not ${expected}`,
  );
}

/** Whether a value is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value's JSON type, for messages. */
export function describe(value: unknown): string {
  if (value === undefined) {
    return 'missing';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return value === null ? 'null' : `a ${typeof value}`;
}
