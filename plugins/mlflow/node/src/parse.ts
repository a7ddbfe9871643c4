import { invalidResponse } from './errors';
import { describe, Fields, MalformedAnswer } from './read/fields';

/**
 * Reads one MLflow answer with the message readers of `./read/messages`: an answer the portal
 * cannot use (not an object, a field missing or of the wrong type) is a ServiceUnavailableError
 * naming the instance, the operation and the field, never a TypeError later on.
 */
export class ResponseReader {
  private readonly fields: Fields;

  constructor(
    private readonly instance: string,
    private readonly operation: string,
    body: unknown,
  ) {
    this.fields = this.guard(() => {
      if (body === undefined) {
        throw new MalformedAnswer('expected a JSON object, got an empty body');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new MalformedAnswer(
          `expected a JSON object, got ${describe(body)}`,
        );
      }
      return new Fields(body, 'answer');
    });
  }

  /** A message field that must be present, e.g. `registered_model`. */
  message<T>(field: string, read: (value: unknown, path: string) => T): T {
    return this.guard(() => this.fields.requiredMessage(field, read));
  }

  /** A repeated message field; absent means empty. */
  list<T>(field: string, read: (value: unknown, path: string) => T): T[] {
    return this.guard(() => this.fields.list(field, read) ?? []);
  }

  /** A string field that must be present and non-empty, e.g. `experiment_id`. */
  string(field: string): string {
    return this.guard(() => this.fields.requiredString(field));
  }

  /** `next_page_token`: absent or empty on the last page. */
  nextPageToken(): string | undefined {
    return this.guard(() => this.fields.string('next_page_token') || undefined);
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
