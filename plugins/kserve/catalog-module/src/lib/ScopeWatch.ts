import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InferenceServiceWatch,
  InferenceServiceWatchEvent,
  KserveClusterApi,
  WatchExpiredError,
} from '@mlops-portal/plugin-kserve-node';
import { WatchScope } from './listClusterInferenceServices';

/**
 * How a failed watch is retried: after `initialMs`, doubling up to `maxMs`, and given up after
 * `maxAttempts` failures in a row (the next relist starts a new one).
 *
 * @public
 */
export interface KserveWatchBackoff {
  /** The first delay. */
  initialMs: number;
  /** The longest delay. */
  maxMs: number;
  /** Failures in a row before the watch waits for the next relist. */
  maxAttempts: number;
}

/**
 * 1 s, 2 s, 4 s … 60 s: about five minutes of a cluster being away before the watch waits for
 * the scheduled relist.
 *
 * @internal
 */
export const DEFAULT_WATCH_BACKOFF: KserveWatchBackoff = {
  initialMs: 1000,
  maxMs: 60_000,
  maxAttempts: 10,
};

/** A watch the server ends sooner than this, having sent nothing, counts as a failure. */
const QUICK_END_MS = 1000;

/**
 * What {@link ScopeWatch} is told.
 *
 * @internal
 */
export interface ScopeWatchOptions {
  /** The cluster's client. */
  client: Pick<KserveClusterApi, 'cluster' | 'watchInferenceServices'>;
  /** The namespace (or the whole cluster) and the list's resourceVersion. */
  scope: WatchScope;
  /** Each ADDED, MODIFIED and DELETED event (BOOKMARKs only advance the resourceVersion). */
  onEvent(event: InferenceServiceWatchEvent): void;
  /** The resourceVersion is too old to watch from (410): a relist is needed. */
  onExpired(): void;
  /** Logs, naming the cluster and scope. */
  logger: LoggerService;
  /** Retries of failed watches. */
  backoff: KserveWatchBackoff;
}

type WatchOutcome =
  | { kind: 'ended'; events: number; lastedMs: number }
  | { kind: 'expired' }
  | { kind: 'failed'; error: Error };

function isWatchExpired(error: unknown): boolean {
  return (
    error instanceof WatchExpiredError ||
    (error as Error | undefined)?.name === 'WatchExpiredError'
  );
}

/**
 * Watches the InferenceServices of one namespace (or the whole cluster) from a list's
 * resourceVersion until stopped: when the server ends the watch it continues from the last
 * resourceVersion it saw (BOOKMARKs included); a failed watch is retried with backoff; an
 * expired resourceVersion asks for a relist and ends this watch.
 *
 * @internal
 */
export class ScopeWatch {
  private readonly options: ScopeWatchOptions;
  private resourceVersion: string;
  private stopped = false;
  private current?: InferenceServiceWatch;
  private running?: Promise<void>;
  private timer?: ReturnType<typeof setTimeout>;
  private wake?: () => void;

  constructor(options: ScopeWatchOptions) {
    this.options = options;
    this.resourceVersion = options.scope.resourceVersion;
  }

  /** The resourceVersion the watch continues from. */
  get lastResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Starts watching (once). */
  start(): void {
    this.running ??= this.run().catch(error =>
      this.options.logger.error('InferenceService watch stopped', error),
    );
  }

  /** Ends the watch and any pending retry; resolves once nothing of it runs any more. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.stop();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    const { logger, backoff } = this.options;
    let failures = 0;
    while (!this.stopped) {
      const outcome = await this.watchOnce();
      if (this.stopped) {
        return;
      }
      if (outcome.kind === 'expired') {
        logger.info(
          `InferenceService watch from resourceVersion ${this.resourceVersion} expired; relisting`,
        );
        this.options.onExpired();
        return;
      }
      let error: Error;
      if (outcome.kind === 'ended') {
        if (outcome.events > 0 || outcome.lastedMs >= QUICK_END_MS) {
          // The server ends every watch after a while; continue where it stopped.
          failures = 0;
          logger.debug(
            `InferenceService watch ended by the server; continuing from resourceVersion ${this.resourceVersion}`,
          );
          continue;
        }
        error = new Error(
          `the server ended the watch after ${outcome.lastedMs} ms without an event`,
        );
      } else {
        error = outcome.error;
      }
      failures++;
      if (failures >= backoff.maxAttempts) {
        logger.warn(
          `InferenceService watch failed ${failures} times in a row; ` +
            'changes reach the catalog with the next scheduled relist',
          error,
        );
        return;
      }
      const delayMs = Math.min(
        backoff.initialMs * 2 ** (failures - 1),
        backoff.maxMs,
      );
      logger.warn(
        `InferenceService watch failed (${failures} of ${backoff.maxAttempts}); retrying in ${delayMs} ms`,
        error,
      );
      await this.sleep(delayMs);
    }
  }

  private async watchOnce(): Promise<WatchOutcome> {
    const { client, scope, logger } = this.options;
    const started = Date.now();
    let events = 0;
    try {
      const watch = await client.watchInferenceServices(
        {
          namespace: scope.namespace,
          labelSelector: client.cluster.labelSelector,
          resourceVersion: this.resourceVersion,
        },
        event => {
          if (this.stopped) {
            return;
          }
          events++;
          const version = event.object?.metadata?.resourceVersion;
          if (typeof version === 'string' && version !== '') {
            this.resourceVersion = version;
          }
          if (event.type === 'BOOKMARK') {
            return;
          }
          try {
            this.options.onEvent(event);
          } catch (error) {
            // One event must not end the watch of all the others.
            logger.error(
              `InferenceService watch event ${event.type} could not be handled`,
              error as Error,
            );
          }
        },
      );
      this.current = watch;
      if (this.stopped) {
        watch.stop();
      }
      await watch.done;
      return { kind: 'ended', events, lastedMs: Date.now() - started };
    } catch (error) {
      return isWatchExpired(error)
        ? { kind: 'expired' }
        : { kind: 'failed', error: error as Error };
    } finally {
      this.current = undefined;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.wake?.();
      }, ms);
    });
  }
}
