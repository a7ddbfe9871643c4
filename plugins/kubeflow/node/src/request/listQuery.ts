import { InputError } from '@backstage/errors';
import type { UpstreamQuery } from '@mlops-portal/plugin-mlops-node';
import type { KubeflowListOptions, KubeflowPredicate } from '../KubeflowApi';

/*
 * List options as KFP's list requests take them: `page_size`, `page_token`, `sort_by` and a
 * `filter` that is a JSON-serialised `v2beta1Filter` (`{"predicates":[…]}`), each checked
 * before anything is sent.
 */

const OPERATIONS: ReadonlySet<KubeflowPredicate['operation']> = new Set([
  'EQUALS',
  'NOT_EQUALS',
  'GREATER_THAN',
  'GREATER_THAN_EQUALS',
  'LESS_THAN',
  'LESS_THAN_EQUALS',
  'IN',
  'IS_SUBSTRING',
]);

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** `field` or `field asc|desc`, as KFP's `sort_by` takes it. */
const SORT_BY = /^[a-z][a-z0-9_.]*(?: (?:asc|desc))?$/i;
const FIELD_KEY = /^[a-z][a-z0-9_.]*$/i;

/** One predicate as `v2beta1Predicate` writes it. */
export type PredicateJson = {
  key: string;
  operation: string;
} & Record<string, unknown>;

/**
 * The query of a list call: page size (at most `maxPageSize`, the instance's), token, sort and
 * filter; InputError naming the option for a bad one.
 *
 * @internal
 */
export function listQuery(
  options: KubeflowListOptions,
  maxPageSize: number,
  extraPredicates: KubeflowPredicate[] = [],
): UpstreamQuery {
  if (options.filter !== undefined && !Array.isArray(options.filter)) {
    throw new InputError('filter must be a list of predicates');
  }
  const predicates = [...(options.filter ?? []), ...extraPredicates];
  return {
    page_size: checkPageSize(options.pageSize, maxPageSize),
    page_token: checkPageToken(options.pageToken),
    sort_by: checkSortBy(options.sortBy),
    filter: predicates.length
      ? JSON.stringify({ predicates: predicates.map(toPredicateJson) })
      : undefined,
  };
}

function checkPageSize(pageSize: number | undefined, max: number): number {
  if (pageSize === undefined) {
    return max;
  }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > max) {
    throw new InputError(
      `pageSize must be an integer from 1 to ${max} (the instance's page size), got ${pageSize}`,
    );
  }
  return pageSize;
}

function checkPageToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') {
    return undefined;
  }
  if (typeof token !== 'string') {
    throw new InputError('pageToken must be a string');
  }
  return token;
}

function checkSortBy(sortBy: string | undefined): string | undefined {
  if (sortBy === undefined || sortBy.trim() === '') {
    return undefined;
  }
  const normalized = sortBy.trim().replace(/\s+/g, ' ');
  if (!SORT_BY.test(normalized)) {
    throw new InputError(
      `sortBy must be a field name, optionally followed by 'asc' or 'desc', got ${JSON.stringify(
        sortBy,
      )}`,
    );
  }
  return normalized;
}

/**
 * A predicate as KFP reads it: a string as `string_value`, an integer as `int_value` (or
 * `long_value`, a decimal string, beyond int32), `{ timestamp }` as `timestamp_value` and a
 * list of strings (for `IN` only) as `string_values`.
 *
 * @internal
 */
export function toPredicateJson(predicate: KubeflowPredicate): PredicateJson {
  if (typeof predicate !== 'object' || predicate === null) {
    throw new InputError('a filter predicate must be an object');
  }
  const { key, operation, value } = predicate;
  if (typeof key !== 'string' || !FIELD_KEY.test(key)) {
    throw new InputError(
      `filter key must be a field name, got ${JSON.stringify(key)}`,
    );
  }
  if (!OPERATIONS.has(operation)) {
    throw new InputError(
      `filter operation on '${key}' must be one of ${[...OPERATIONS].join(
        ', ',
      )}, got ${JSON.stringify(operation)}`,
    );
  }
  const base = { key, operation };
  if (operation === 'IN') {
    if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) {
      throw new InputError(
        `filter value of '${key}' IN must be a list of strings`,
      );
    }
    return { ...base, string_values: { values: value } };
  }
  if (Array.isArray(value)) {
    throw new InputError(
      `filter value of '${key}' is a list, which only IN takes`,
    );
  }
  if (typeof value === 'string') {
    return { ...base, string_value: value };
  }
  if (operation === 'IS_SUBSTRING') {
    throw new InputError(
      `filter value of '${key}' IS_SUBSTRING must be a string`,
    );
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new InputError(
        `filter value of '${key}' must be an integer (KFP filters have no fractions), got ${value}`,
      );
    }
    return value >= INT32_MIN && value <= INT32_MAX
      ? { ...base, int_value: value }
      : { ...base, long_value: String(value) };
  }
  const time =
    typeof value === 'object' && value !== null
      ? Date.parse(value.timestamp)
      : Number.NaN;
  if (Number.isNaN(time)) {
    throw new InputError(
      `filter value of '${key}' must be a string, an integer, a list of strings or { timestamp } with an ISO 8601 date-time`,
    );
  }
  return { ...base, timestamp_value: new Date(time).toISOString() };
}
