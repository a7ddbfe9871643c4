/**
 * An upstream answer with its body fully read (so the timeout covers the body too).
 *
 * @public
 */
export interface UpstreamResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
}

/**
 * The request never got an answer: it timed out or the connection failed.
 *
 * @public
 */
export class UpstreamTransportError extends Error {
  constructor(readonly kind: 'timeout' | 'network', message: string) {
    super(message);
    this.name = 'UpstreamTransportError';
  }
}

/**
 * Sends one request and reads its body, aborting both after `timeoutMs`.
 *
 * @remarks
 * The deadline holds even where the abort signal does not reach the body stream (not every fetch
 * implementation ties the two together): the read races a timer. The signal is aborted only when
 * the deadline passes — aborting it after every answer, as a general timeout policy does, costs a
 * `DOMException` with its stack per request, which a listing of thousands of requests feels.
 *
 * @internal
 */
export async function sendOnce(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<UpstreamResponse> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new UpstreamTransportError(
          'timeout',
          `timed out after ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
  });
  const attempt = (async (): Promise<UpstreamResponse> => {
    try {
      const response = await fetchImpl(url, {
        ...init,
        signal: controller.signal,
      });
      const body = await response.text();
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body,
      };
    } catch (error) {
      if (controller.signal.aborted) {
        throw new UpstreamTransportError(
          'timeout',
          `timed out after ${timeoutMs} ms`,
        );
      }
      throw new UpstreamTransportError('network', describeNetworkError(error));
    }
  })();
  // Settled after the deadline won, the attempt's own outcome must not count as unhandled.
  attempt.catch(() => {});
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is in `cause`. */
function describeNetworkError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message) {
      messages.push(message);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return messages.length ? messages.join(': ') : String(error);
}
