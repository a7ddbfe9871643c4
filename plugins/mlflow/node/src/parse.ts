import { invalidResponse } from './errors';

type JsonObject = Record<string, unknown>;

/**
 * Checks the parts of an MLflow answer the client relies on. MLflow (proto3 JSON) omits unset
 * fields and empty lists, so a missing list is an empty one; anything else unexpected is a
 * ServiceUnavailableError naming the instance and the operation, never a TypeError later on.
 */
export class ResponseReader {
  private readonly body: JsonObject;

  constructor(
    private readonly instance: string,
    private readonly operation: string,
    body: unknown,
  ) {
    if (!isObject(body)) {
      throw this.problem(
        body === undefined
          ? 'expected a JSON object, got an empty body'
          : `expected a JSON object, got ${describe(body)}`,
      );
    }
    this.body = body;
  }

  /** A message field that must be present, e.g. `registered_model`. */
  object<T>(field: string): T {
    const value = this.body[field];
    if (!isObject(value)) {
      throw this.problem(`'${field}' is ${describe(value)}, not an object`);
    }
    return value as T;
  }

  /** A repeated message field; absent means empty. */
  list<T>(field: string): T[] {
    const value = this.body[field];
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value) || !value.every(isObject)) {
      throw this.problem(`'${field}' is not a list of objects`);
    }
    return value as T[];
  }

  /** A string field that must be present and non-empty, e.g. `experiment_id`. */
  string(field: string): string {
    const value = this.body[field];
    if (typeof value !== 'string' || value === '') {
      throw this.problem(`'${field}' is ${describe(value)}, not a string`);
    }
    return value;
  }

  /** `next_page_token`: absent or empty on the last page. */
  nextPageToken(): string | undefined {
    const value = this.body.next_page_token;
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw this.problem(`'next_page_token' is ${describe(value)}`);
    }
    return value;
  }

  private problem(problem: string): Error {
    return invalidResponse(this.instance, this.operation, problem);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) {
    return 'missing';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return value === null ? 'null' : `a ${typeof value}`;
}
