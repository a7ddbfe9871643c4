import { InputError } from '@backstage/errors';

/**
 * A query parameter value; arrays become repeated keys and `undefined` is left out.
 *
 * @public
 */
export type UpstreamQueryValue =
  | string
  | number
  | boolean
  | undefined
  | ReadonlyArray<string | number | boolean>;

/**
 * Query parameters of an upstream request.
 *
 * @public
 */
export type UpstreamQuery = Record<string, UpstreamQueryValue>;

/**
 * Builds a URL path from a template, percent-encoding every interpolated value as one path segment.
 *
 * @example
 * ```ts
 * encodePath`/api/v1/dags/${dagId}/dagRuns/${runId}`
 * ```
 *
 * @public
 */
export function encodePath(
  strings: TemplateStringsArray,
  ...values: Array<string | number>
): string {
  return strings.reduce((path, literal, index) => {
    if (index === 0) {
      return literal;
    }
    const value = String(values[index - 1]);
    // '.' and '..' survive encodeURIComponent, and URL parsing would resolve
    // them, letting a value walk out of the intended path. Such a value may come from a
    // caller or from an upstream answer (a run id the contract allows): a clear 400, not a 500.
    if (value === '' || value === '.' || value === '..') {
      throw new InputError(
        `Cannot use ${JSON.stringify(value)} as a URL path segment: ${
          value ? 'a dot segment would be resolved away' : 'it is empty'
        }`,
      );
    }
    return `${path}${encodeURIComponent(value)}${literal}`;
  }, '');
}

/**
 * Joins a base URL (which may carry a path prefix) and a request path, then appends the query.
 *
 * @internal
 */
export function buildUpstreamUrl(
  baseUrl: string,
  path: string,
  query: UpstreamQuery = {},
): string {
  if (!path.startsWith('/') || path.startsWith('//')) {
    throw new TypeError(
      `Upstream request path must start with a single '/', got ${JSON.stringify(
        path,
      )}`,
    );
  }
  const segments = path.split('?')[0].split('/');
  if (segments.some(isDotSegment)) {
    throw new TypeError(
      `Upstream request path must not contain '.' or '..' segments, got ${JSON.stringify(
        path,
      )}`,
    );
  }
  // String concatenation, not `new URL(path, base)`, which would drop the
  // base URL's own path prefix (e.g. http://127.0.0.1:7100/mlflow).
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
  // Built apart and set once: each append to `url.searchParams` serializes the whole URL again,
  // which a listing of thousands of requests pays for.
  const params = new URLSearchParams(url.search);
  let added = false;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(key, String(item));
      added = true;
    }
  }
  if (added) {
    url.search = params.toString();
  }
  return url.toString();
}

/** URL parsing resolves '.' and '..' segments, also when percent-encoded. */
function isDotSegment(segment: string): boolean {
  const decoded = segment.replace(/%2e/gi, '.');
  return decoded === '.' || decoded === '..';
}
