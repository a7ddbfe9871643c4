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

type JsonObject = Record<string, unknown>;

const NON_FINITE: Record<string, number> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
};

/**
 * Typed access to the fields of one JSON object of an MLflow answer, where every field may be
 * absent (proto3 JSON omits defaults) and `null` counts as absent; a field of the wrong type is
 * a {@link MalformedAnswer} naming its path.
 */
export class Fields {
  private readonly value: JsonObject;

  constructor(value: unknown, readonly path: string) {
    if (!isObject(value)) {
      throw new MalformedAnswer(`${path} is ${describe(value)}, not an object`);
    }
    this.value = value;
  }

  /** A string field; absent stays undefined. */
  string(name: string): string | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw this.wrongType(name, value, 'a string');
    }
    return value;
  }

  /** A string field the portal cannot do without: present and not empty. */
  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') {
      throw new MalformedAnswer(`${this.path}.${name} is missing`);
    }
    return value;
  }

  /** An int64 field: MLflow writes a JSON number; proto3 JSON also allows a decimal string. */
  integer(name: string): number | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    const number =
      typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      throw this.wrongType(name, value, 'an integer');
    }
    return number;
  }

  /** A double field: a JSON number, or `NaN`, `Infinity`, `-Infinity` as strings. */
  double(name: string): number | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === 'number') {
      return value;
    }
    if (typeof value === 'string' && value in NON_FINITE) {
      return NON_FINITE[value];
    }
    throw this.wrongType(name, value, 'a number');
  }

  /** An enum field; a name the portal does not know (a newer server's) counts as absent. */
  enumValue<T extends string>(
    name: string,
    known: readonly T[],
  ): T | undefined {
    const value = this.string(name);
    return known.includes(value as T) ? (value as T) : undefined;
  }

  /** A repeated string field; absent means empty, and stays undefined. */
  stringList(name: string): string[] | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) {
      throw this.wrongType(name, value, 'a list of strings');
    }
    return value;
  }

  /** A repeated message field, each item read by `read`; absent stays undefined. */
  list<T>(
    name: string,
    read: (value: unknown, path: string) => T,
  ): T[] | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    if (!Array.isArray(value)) {
      throw this.wrongType(name, value, 'a list');
    }
    return value.map((item, index) =>
      read(item, `${this.path}.${name}[${index}]`),
    );
  }

  /** A message field; absent stays undefined. */
  object<T>(name: string, read: (fields: Fields) => T): T | undefined {
    const value = this.present(name);
    return value === undefined
      ? undefined
      : read(new Fields(value, `${this.path}.${name}`));
  }

  /** A message field the portal cannot do without. */
  requiredObject<T>(name: string, read: (fields: Fields) => T): T {
    const result = this.object(name, read);
    if (result === undefined) {
      throw new MalformedAnswer(`${this.path}.${name} is missing`);
    }
    return result;
  }

  /** A message field the portal cannot do without, read by a message reader. */
  requiredMessage<T>(
    name: string,
    read: (value: unknown, path: string) => T,
  ): T {
    const value = this.present(name);
    if (value === undefined) {
      throw new MalformedAnswer(`${this.path}.${name} is missing`);
    }
    return read(value, `${this.path}.${name}`);
  }

  private present(name: string): unknown {
    // Own properties only: a field named like an object-prototype key is just a field.
    if (!Object.prototype.hasOwnProperty.call(this.value, name)) {
      return undefined;
    }
    const value = this.value[name];
    return value === null ? undefined : value;
  }

  private wrongType(name: string, value: unknown, expected: string): Error {
    return new MalformedAnswer(
      `${this.path}.${name} is ${describe(value)}, not ${expected}`,
    );
  }
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
