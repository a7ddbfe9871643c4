import type { Request } from 'express';
import { KeyValue } from './types';
import { invalidParameter } from './errors';

const docsHint =
  'See the API docs for more information about request parameters.';

/**
 * Request fields the way MLflow's handlers read them: GET from the query string
 * (repeated keys for lists), everything else from the JSON body. DELETE also falls back to
 * the query string because some clients send alias deletes that way.
 */
export class MlflowInput {
  private constructor(
    private readonly values: Record<string, unknown>,
    private readonly fromQuery: boolean,
  ) {}

  /** Reads fields of a request. */
  static of(req: Request): MlflowInput {
    if (req.method === 'GET') {
      return new MlflowInput(req.query as Record<string, unknown>, true);
    }
    const body: unknown = req.body;
    if (body === undefined && req.method === 'DELETE') {
      return new MlflowInput(req.query as Record<string, unknown>, true);
    }
    if (
      body !== undefined &&
      (typeof body !== 'object' || body === null || Array.isArray(body))
    ) {
      throw invalidParameter('Malformed request body: expected a JSON object.');
    }
    return new MlflowInput((body ?? {}) as Record<string, unknown>, false);
  }

  private raw(name: string): unknown {
    const value = this.values[name];
    if (this.fromQuery && Array.isArray(value)) {
      return value[0];
    }
    return value;
  }

  private typeError(name: string, value: unknown): never {
    throw invalidParameter(
      `Invalid value ${JSON.stringify(
        value,
      )} for parameter '${name}' supplied. ${docsHint}`,
    );
  }

  /** An optional string field. */
  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.typeError(name, value);
    return value;
  }

  /** A required string field (missing or empty → INVALID_PARAMETER_VALUE). */
  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') {
      throw invalidParameter(
        `Missing value for required parameter '${name}'. ${docsHint}`,
      );
    }
    return value;
  }

  /** An optional integer field (int32/int64 as number or numeric string). */
  int(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null || value === '') return undefined;
    let n = NaN;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string' && /^-?\d+$/.test(value.trim()))
      n = Number(value);
    if (!Number.isSafeInteger(n)) this.typeError(name, value);
    return n;
  }

  /** A required boolean field. */
  requiredBool(name: string): boolean {
    const value = this.raw(name);
    if (value === undefined || value === null || value === '') {
      throw invalidParameter(
        `Missing value for required parameter '${name}'. ${docsHint}`,
      );
    }
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'True') return true;
    if (value === 'false' || value === 'False') return false;
    return this.typeError(name, value);
  }

  /** A repeated string field. */
  strings(name: string): string[] {
    const value = this.values[name];
    if (value === undefined || value === null) return [];
    if (this.fromQuery) {
      return (Array.isArray(value) ? value : [value]).filter(
        (v): v is string => typeof v === 'string',
      );
    }
    if (!Array.isArray(value) || !value.every(v => typeof v === 'string'))
      this.typeError(name, value);
    return value as string[];
  }

  /** A repeated `{key, value}` field (tags). */
  tags(name: string): KeyValue[] {
    const value = this.values[name];
    if (value === undefined || value === null) return [];
    if (
      !Array.isArray(value) ||
      !value.every(
        t =>
          typeof t === 'object' &&
          t !== null &&
          typeof (t as KeyValue).key === 'string' &&
          typeof ((t as KeyValue).value ?? '') === 'string',
      )
    ) {
      this.typeError(name, value);
    }
    return (value as KeyValue[]).map(t => ({
      key: t.key,
      value: t.value ?? '',
    }));
  }
}
