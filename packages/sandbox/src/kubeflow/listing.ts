import { compareStrings } from '../compare';
import { decodeOffsetToken, encodeOffsetToken } from '../http/paging';
import { kfpError } from './errors';

/**
 * KFP list semantics: `filter` is a JSON-serialised Filter proto
 * (`{"predicates":[{"key":"name","operation":"EQUALS","string_value":"x"}]}`), `sort_by`
 * is `"field"` / `"field desc"`, `page_size` defaults to 20 and is capped at 200, and
 * `page_token` is opaque.
 */

/** Field accessors of one resource type, keyed by the filter/sort key. */
export type FieldGetters<T> = Record<
  string,
  (item: T) => string | number | undefined
>;

type Predicate = {
  key: string;
  operation: string;
  value: unknown;
};

const OPERATIONS = [
  'OPERATION_UNSPECIFIED',
  'EQUALS',
  'NOT_EQUALS',
  'GREATER_THAN',
  'GREATER_THAN_EQUALS',
  'LESS_THAN',
  'LESS_THAN_EQUALS',
  'IN',
  'IS_SUBSTRING',
];

function pick(raw: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    if (raw[name] !== undefined) return raw[name];
  }
  return undefined;
}

function predicateValue(raw: Record<string, unknown>): unknown {
  const listOf = (v: unknown) =>
    typeof v === 'object' && v !== null
      ? (v as { values?: unknown[] }).values ?? []
      : [];
  const single = pick(
    raw,
    'string_value',
    'stringValue',
    'int_value',
    'intValue',
    'long_value',
    'longValue',
  );
  if (single !== undefined) return single;
  const timestamp = pick(raw, 'timestamp_value', 'timestampValue');
  if (timestamp !== undefined) return Date.parse(String(timestamp)) / 1000;
  const list = pick(
    raw,
    'string_values',
    'stringValues',
    'int_values',
    'intValues',
    'long_values',
    'longValues',
  );
  return list === undefined ? undefined : listOf(list);
}

/** Parses the `filter` query parameter. */
export function parseKfpFilter(text: string | undefined): Predicate[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw kfpError(
      'INVALID_ARGUMENT',
      `Invalid input error: Failed to parse valid filter from "${text}": invalid JSON`,
    );
  }
  const predicates =
    typeof parsed === 'object' && parsed !== null
      ? (parsed as { predicates?: unknown }).predicates
      : undefined;
  if (predicates === undefined) return [];
  if (!Array.isArray(predicates)) {
    throw kfpError(
      'INVALID_ARGUMENT',
      `Invalid input error: Failed to parse valid filter from "${text}": predicates must be a list`,
    );
  }
  return predicates.map(p => {
    const raw = (p ?? {}) as Record<string, unknown>;
    const op = raw.operation ?? raw.op;
    const operation =
      typeof op === 'number' ? OPERATIONS[op] : String(op ?? '');
    if (
      !OPERATIONS.includes(operation) ||
      operation === 'OPERATION_UNSPECIFIED'
    ) {
      throw kfpError(
        'INVALID_ARGUMENT',
        `Invalid input error: invalid predicate operation: ${String(op)}`,
      );
    }
    const value = predicateValue(raw);
    if (value === undefined) {
      throw kfpError(
        'INVALID_ARGUMENT',
        `Invalid input error: predicate on key ${String(raw.key)} has no value`,
      );
    }
    return { key: String(raw.key ?? ''), operation, value };
  });
}

function test(
  actual: string | number | undefined,
  operation: string,
  expected: unknown,
): boolean {
  if (actual === undefined) return false;
  switch (operation) {
    case 'EQUALS':
      return String(actual) === String(expected);
    case 'NOT_EQUALS':
      return String(actual) !== String(expected);
    case 'IN':
      return (
        Array.isArray(expected) && expected.map(String).includes(String(actual))
      );
    case 'IS_SUBSTRING':
      return String(actual).includes(String(expected));
    default: {
      const numeric =
        typeof actual === 'number' || !Number.isNaN(Number(actual));
      const a = numeric ? Number(actual) : String(actual);
      const b = typeof a === 'number' ? Number(expected) : String(expected);
      if (operation === 'GREATER_THAN') return a > b;
      if (operation === 'GREATER_THAN_EQUALS') return a >= b;
      if (operation === 'LESS_THAN') return a < b;
      return a <= b;
    }
  }
}

/** Filters, sorts and pages a list; throws INVALID_ARGUMENT on bad input. */
export function listPage<T>(
  items: T[],
  getters: FieldGetters<T>,
  query: {
    filter?: string;
    sortBy?: string;
    pageSize?: string;
    pageToken?: string;
  },
  defaultSort: string,
): { page: T[]; total: number; nextPageToken?: string } {
  const predicates = parseKfpFilter(query.filter);
  for (const p of predicates) {
    if (!getters[p.key]) {
      throw kfpError(
        'INVALID_ARGUMENT',
        `Invalid input error: no support for filtering on unrecognized field "${p.key}"`,
      );
    }
  }
  const filtered = items.filter(item =>
    predicates.every(p => test(getters[p.key](item), p.operation, p.value)),
  );
  const [field, direction = 'asc', ...rest] = (
    query.sortBy?.trim() || defaultSort
  ).split(/\s+/);
  if (
    !getters[field] ||
    rest.length > 0 ||
    !['asc', 'desc'].includes(direction.toLowerCase())
  ) {
    throw kfpError(
      'INVALID_ARGUMENT',
      `Invalid input error: Invalid sorting field: "${query.sortBy}"`,
    );
  }
  const desc = direction.toLowerCase() === 'desc';
  const get = getters[field];
  const id = getters.id;
  const sorted = [...filtered].sort((a, b) => {
    const va = get(a) ?? '';
    const vb = get(b) ?? '';
    if (va !== vb) return (va < vb ? -1 : 1) * (desc ? -1 : 1);
    return compareStrings(String(id(a)), String(id(b)));
  });
  let size = 20;
  if (query.pageSize !== undefined && query.pageSize !== '') {
    if (!/^-?\d+$/.test(query.pageSize)) {
      throw kfpError(
        'INVALID_ARGUMENT',
        `type mismatch, parameter: page_size, error: strconv.ParseInt: parsing "${query.pageSize}": invalid syntax`,
      );
    }
    const n = Number(query.pageSize);
    if (n < 0) {
      throw kfpError(
        'INVALID_ARGUMENT',
        `Invalid input error: Invalid page size: ${n}`,
      );
    }
    size = n === 0 ? 20 : Math.min(n, 200);
  }
  let offset = 0;
  if (query.pageToken) {
    const decoded = decodeOffsetToken(query.pageToken);
    if (decoded === undefined) {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: Invalid page token',
      );
    }
    offset = decoded;
  }
  const page = sorted.slice(offset, offset + size);
  const next =
    offset + size < sorted.length
      ? encodeOffsetToken(offset + size)
      : undefined;
  return { page, total: sorted.length, nextPageToken: next };
}

/** A list response as grpc-gateway emits it: empty fields omitted. */
export function listResponse<T>(
  key: string,
  result: { page: T[]; total: number; nextPageToken?: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (result.page.length > 0) out[key] = result.page;
  if (result.total > 0) out.total_size = result.total;
  if (result.nextPageToken) out.next_page_token = result.nextPageToken;
  return out;
}

/** RFC 3339 → epoch seconds, for comparing timestamps in filters. */
export const seconds = (iso: string | undefined): number | undefined =>
  iso === undefined ? undefined : Date.parse(iso) / 1000;
