import { invalidResponse } from './errors';
import {
  describe,
  isObject,
  JsonObject,
  listField,
  MalformedAnswer,
  messageField,
  requiredString,
  stringField,
  Where,
} from './read/fields';

/**
 * Reads one MLflow answer with the message readers of `./read/messages`: an answer the portal
 * cannot use (not an object, a field missing or of the wrong type) is a ServiceUnavailableError
 * naming the instance, the operation and the field, never a TypeError later on.
 */
export class ResponseReader {
  private readonly body: JsonObject;

  constructor(
    private readonly instance: string,
    private readonly operation: string,
    body: unknown,
  ) {
    this.body = this.guard(() => {
      if (body === undefined) {
        throw new MalformedAnswer('expected a JSON object, got an empty body');
      }
      if (!isObject(body)) {
        throw new MalformedAnswer(
          `expected a JSON object, got ${describe(body)}`,
        );
      }
      return body;
    });
  }

  /** A message field that must be present, e.g. `registered_model`. */
  message<T>(field: string, read: (value: unknown, where: Where) => T): T {
    return this.guard(() => {
      messageField(this.body, field, new Where('answer'), read, true);
      return this.body[field] as T;
    });
  }

  /** A repeated message field; absent means empty. */
  list<T>(field: string, read: (value: unknown, where: Where) => T): T[] {
    return this.guard(() => {
      listField(this.body, field, new Where('answer'), read);
      return (this.body[field] as T[] | undefined) ?? [];
    });
  }

  /** A string field that must be present and non-empty, e.g. `experiment_id`. */
  string(field: string): string {
    return this.guard(() =>
      requiredString(this.body, field, new Where('answer')),
    );
  }

  /** `next_page_token`: absent or empty on the last page. */
  nextPageToken(): string | undefined {
    return this.guard(
      () =>
        stringField(this.body, 'next_page_token', new Where('answer')) ||
        undefined,
    );
  }

  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof MalformedAnswer) {
        throw invalidResponse(this.instance, this.operation, error.message);
      }
      throw error;
    }
  }
}
