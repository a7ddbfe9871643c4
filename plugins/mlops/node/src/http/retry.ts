import {
  DelegateBackoff,
  ExponentialBackoff,
  halfJitterGenerator,
  handleWhen,
  IBackoff,
  IRetryBackoffContext,
  retry,
} from 'cockatiel';
import { UpstreamResponse, UpstreamTransportError } from './transport';

/**
 * Statuses that say "try again later": rate limited or a gateway/upstream hiccup.
 *
 * @public
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  429, 502, 503, 504,
]);

/** First backoff delay; later ones double (with jitter). */
export const INITIAL_RETRY_DELAY_MS = 250;
/** No single wait is longer than this, whatever `Retry-After` asks for. */
export const MAX_RETRY_DELAY_MS = 10_000;

/**
 * Options for {@link executeWithRetry}.
 *
 * @public
 */
export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. */
  retries: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onRetry?: (event: {
    attempt: number;
    delayMs: number;
    reason: string;
  }) => void;
}

/**
 * The last attempt's outcome, and how many attempts it took.
 *
 * @public
 */
export type RetryOutcome = { attempts: number } & (
  | { response: UpstreamResponse }
  | { error: UpstreamTransportError }
);

/**
 * Runs `attempt` and retries it on transport errors and retryable statuses,
 * with exponential backoff and jitter, honouring `Retry-After`.
 *
 * @remarks
 * cockatiel decides whether and how long to wait; the wait itself goes
 * through the injected `sleep`, so tests can assert the delay without waiting.
 *
 * @public
 */
export async function executeWithRetry(
  attempt: () => Promise<UpstreamResponse>,
  options: RetryOptions,
): Promise<RetryOutcome> {
  const exponential = new ExponentialBackoff({
    generator: halfJitterGenerator,
    initialDelay: INITIAL_RETRY_DELAY_MS,
    maxDelay: MAX_RETRY_DELAY_MS,
  });
  let exponentialStep: IBackoff<unknown> | undefined;
  let nextDelayMs = 0;

  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>(
    context => {
      exponentialStep = exponentialStep
        ? exponentialStep.next(context)
        : exponential.next();
      const retryAfterMs =
        'value' in context.result
          ? parseRetryAfter(
              (context.result.value as UpstreamResponse).headers.get(
                'retry-after',
              ),
              options.now(),
            )
          : undefined;
      nextDelayMs = Math.min(
        retryAfterMs ?? exponentialStep.duration,
        MAX_RETRY_DELAY_MS,
      );
      return 0;
    },
  );

  const policy = retry(
    handleWhen(error => error instanceof UpstreamTransportError).orWhenResult(
      result => RETRYABLE_STATUSES.has((result as UpstreamResponse).status),
    ),
    { maxAttempts: options.retries, backoff },
  );

  let attempts = 0;
  let lastFailure = '';
  try {
    const response = await policy.execute(async () => {
      if (attempts > 0) {
        options.onRetry?.({
          attempt: attempts + 1,
          delayMs: nextDelayMs,
          reason: lastFailure,
        });
        await options.sleep(nextDelayMs);
      }
      attempts += 1;
      try {
        const result = await attempt();
        lastFailure = `status ${result.status}`;
        return result;
      } catch (error) {
        lastFailure = error instanceof Error ? error.message : String(error);
        throw error;
      }
    });
    return { attempts, response };
  } catch (error) {
    if (error instanceof UpstreamTransportError) {
      return { attempts, error };
    }
    throw error;
  }
}

/**
 * Parses `Retry-After` (delta-seconds or an HTTP-date) into milliseconds from `now`.
 *
 * @internal
 */
export function parseRetryAfter(
  value: string | null,
  now: number,
): number | undefined {
  if (value === null || value.trim() === '') {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  // Date.parse accepts almost anything ('-1', '1.5'); an HTTP-date always
  // names its month (e.g. 'Wed, 21 Oct 2015 07:28:00 GMT').
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
