import type { Request } from 'express';
import { allQuery, firstQuery } from '../http/query';
import { AirflowErrors } from './errors';

const TRUE = ['true', '1', 'yes', 'on', 't', 'y'];
const FALSE = ['false', '0', 'no', 'off', 'f', 'n'];

/** Typed query parameters with each Airflow version's validation errors. */
export class AirflowQuery {
  constructor(
    private readonly req: Request,
    private readonly errors: AirflowErrors,
  ) {}

  /** A string parameter. */
  string(name: string): string | undefined {
    return firstQuery(this.req, name);
  }

  /** A repeated parameter. */
  strings(name: string): string[] {
    return allQuery(this.req, name);
  }

  /** An integer parameter with a lower bound. */
  int(name: string, fallback: number, min = 0): number {
    const raw = firstQuery(this.req, name);
    if (raw === undefined || raw === '') return fallback;
    if (!/^[-+]?\d+$/.test(raw.trim())) {
      throw this.errors.invalid(
        ['query', name],
        'int_parsing',
        'Input should be a valid integer, unable to parse string as an integer',
        raw,
      );
    }
    const value = Number(raw);
    if (value < min) {
      throw this.errors.invalid(
        ['query', name],
        'greater_than_equal',
        `Input should be greater than or equal to ${min}`,
        raw,
        { ge: min },
      );
    }
    return value;
  }

  /** A boolean parameter (undefined when absent). */
  bool(name: string): boolean | undefined {
    const raw = firstQuery(this.req, name);
    if (raw === undefined || raw === '') return undefined;
    const lower = raw.toLowerCase();
    if (TRUE.includes(lower)) return true;
    if (FALSE.includes(lower)) return false;
    throw this.errors.invalid(
      ['query', name],
      'bool_parsing',
      'Input should be a valid boolean, unable to interpret input',
      raw,
    );
  }

  /** An ISO 8601 date-time parameter as epoch ms (undefined when absent). */
  date(name: string): number | undefined {
    const raw = firstQuery(this.req, name);
    if (raw === undefined || raw === '') return undefined;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) {
      throw this.errors.invalid(
        ['query', name],
        'datetime_from_date_parsing',
        'Input should be a valid datetime or date, invalid character in year',
        raw,
      );
    }
    return ms;
  }
}
