/**
 * One request a client sent and the answer it got, as an HTTP contract describes them.
 *
 * @public
 */
export interface RecordedExchange {
  method: string;
  /** The path without the instance's mount prefix. */
  path: string;
  /** Query parameters; a repeated key gives a list. */
  query: Record<string, string | string[]>;
  /** The JSON request body, if any. */
  body?: unknown;
  status: number;
  /** The JSON response body (`undefined` when empty). */
  responseBody: unknown;
}

/**
 * A fetch that forwards every request and records it in `exchanges`, so a contract test can
 * validate each request sent and each answer parsed.
 *
 * @param mount - the path prefix of the instance (e.g. `/mlflow`), left out of recorded paths
 * @public
 */
export function recordingFetch(
  mount: string,
  exchanges: RecordedExchange[],
): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(String(input));
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0] : values;
    }
    const text = await response.clone().text();
    exchanges.push({
      method: init?.method ?? 'GET',
      path: url.pathname.slice(mount.length),
      query,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      status: response.status,
      responseBody: text ? JSON.parse(text) : undefined,
    });
    return response;
  };
}
