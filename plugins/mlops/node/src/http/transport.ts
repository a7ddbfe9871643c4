import { TaskCancelledError, timeout, TimeoutStrategy } from 'cockatiel';

/**
 * An upstream answer with its body fully read (so the timeout covers the body too).
 *
 * @internal
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
 * @internal
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
 * @internal
 */
export async function sendOnce(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<UpstreamResponse> {
  // Aggressive: the deadline holds even where the abort signal does not reach
  // the body stream (not every fetch implementation ties the two together).
  const policy = timeout(timeoutMs, TimeoutStrategy.Aggressive);
  try {
    return await policy.execute(async ({ signal }) => {
      try {
        const response = await fetchImpl(url, { ...init, signal });
        const body = await response.text();
        return {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          body,
        };
      } catch (error) {
        if (signal.aborted) {
          throw new TaskCancelledError();
        }
        throw new UpstreamTransportError(
          'network',
          describeNetworkError(error),
        );
      }
    });
  } catch (error) {
    if (error instanceof TaskCancelledError) {
      throw new UpstreamTransportError(
        'timeout',
        `timed out after ${timeoutMs} ms`,
      );
    }
    throw error;
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
