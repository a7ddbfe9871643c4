import { KubeConfig, Watch } from '@kubernetes/client-node';
import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import {
  createUpstreamError,
  getUpstreamErrorDetails,
  UpstreamFailure,
} from '@mlops-portal/plugin-mlops-node';
import { WatchExpiredError } from '../errors';
import type {
  InferenceServiceWatch,
  InferenceServiceWatchEvent,
} from '../KserveApi';
import { AnswerContext, readWatchEvent } from './answers';
import { describeNetworkError } from './ClusterHttpLibrary';

/**
 * How long the API server keeps a watch open before closing it (and the watcher starts
 * another from its last resourceVersion); client-go's reflector picks 5 to 10 minutes.
 *
 * @internal
 */
export const DEFAULT_WATCH_TIMEOUT_SECONDS = 300;

/** Longer than the server's own timeout: the server, not the client, ends a quiet watch. */
const INACTIVITY_SLACK_MS = 30_000;

/** What {@link startWatch} needs. */
export interface StartWatchOptions {
  kubeConfig: KubeConfig;
  cluster: string;
  /** The collection's path below the cluster URL. */
  path: string;
  labelSelector?: string;
  resourceVersion: string;
  timeoutSeconds: number;
  /** How long to wait for the watch to be answered. */
  connectTimeoutMs: number;
  onEvent: (event: InferenceServiceWatchEvent) => void;
}

function watchError(
  context: AnswerContext,
  failure: UpstreamFailure,
  reason?: string,
): Error {
  const error = createUpstreamError(
    {
      system: KSERVE_SYSTEM.id,
      instance: context.cluster,
      method: context.method,
      path: context.path,
      attempts: 1,
    },
    failure,
  );
  if (
    failure.kind === 'http' &&
    (failure.status === 410 || reason === 'Expired')
  ) {
    // A relist is needed, not a retry: say so with its own type.
    return Object.assign(
      new WatchExpiredError(
        `${error.message}; list again and watch from the new resourceVersion`,
      ),
      { upstream: getUpstreamErrorDetails(error) },
    );
  }
  return error;
}

/** A `Status` sent as an `ERROR` event, e.g. 410 Expired for a too old resourceVersion. */
function statusError(context: AnswerContext, status: unknown): Error {
  const fields = (
    typeof status === 'object' && status !== null ? status : {}
  ) as Record<string, unknown>;
  const code = typeof fields.code === 'number' ? fields.code : 500;
  const reason = typeof fields.reason === 'string' ? fields.reason : undefined;
  const message =
    typeof fields.message === 'string' ? fields.message : undefined;
  return watchError(
    context,
    {
      kind: 'http',
      status: code,
      statusText: '',
      body: JSON.stringify(status) ?? '',
      described: { code: reason, message },
    },
    reason,
  );
}

/** Why client-node's Watch ended with `error`. */
function endError(
  context: AnswerContext,
  error: unknown,
  inactivityMs: number,
): Error {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number') {
    return watchError(context, {
      kind: 'http',
      status: statusCode,
      statusText: error instanceof Error ? error.message : '',
      body: '',
    });
  }
  if ((error as Error | null)?.name === 'TimeoutError') {
    return watchError(context, { kind: 'timeout', timeoutMs: inactivityMs });
  }
  return watchError(context, {
    kind: 'network',
    reason: describeNetworkError(error),
  });
}

/**
 * Starts a watch with client-node's `Watch` (bookmarks on, the server's timeout set) and
 * resolves once the server answered it. Its `done` resolves when the server closes the watch
 * or it is stopped, and rejects with the mapped error when it fails: `WatchExpiredError` for
 * 410 / `Expired` (sent as an `ERROR` event or as the status), the kit's upstream errors
 * otherwise, a ServiceUnavailableError for an event that is not one. A failure to connect
 * rejects `done` too (never the returned promise), so a watcher has one place to look.
 *
 * @internal
 */
export async function startWatch(
  options: StartWatchOptions,
): Promise<InferenceServiceWatch> {
  const context: AnswerContext = {
    cluster: options.cluster,
    method: 'GET',
    path: options.path,
  };
  const inactivityMs = options.timeoutSeconds * 1000 + INACTIVITY_SLACK_MS;
  const watch = new Watch(options.kubeConfig);
  // client-node's inactivity timeout (30 s) would end a quiet watch long before the server
  // does; it has no option for it, only this field (private in its types, read per request).
  (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs =
    inactivityMs;

  let settled = false;
  let stopped = false;
  let controller: AbortController | undefined;
  let resolveDone!: () => void;
  let rejectDone!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  // Marked handled: a watcher that only awaits `done` later must not crash the process.
  done.catch(() => {});
  const finish = (error?: Error) => {
    if (settled) return;
    settled = true;
    controller?.abort();
    if (error && !stopped) rejectDone(error);
    else resolveDone();
  };

  const onLine = (type: string, object: unknown) => {
    if (settled) return;
    if (type === 'ERROR') {
      finish(statusError(context, object));
      return;
    }
    try {
      options.onEvent(readWatchEvent(type, object, context));
    } catch (error) {
      finish(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const started = watch.watch(
    options.path,
    {
      allowWatchBookmarks: true,
      resourceVersion: options.resourceVersion,
      timeoutSeconds: options.timeoutSeconds,
      ...(options.labelSelector && { labelSelector: options.labelSelector }),
    },
    onLine,
    (error: unknown) =>
      finish(error ? endError(context, error, inactivityMs) : undefined),
  );
  let timer: NodeJS.Timeout | undefined;
  const connected = await Promise.race([
    started,
    new Promise<undefined>(resolve => {
      timer = setTimeout(() => resolve(undefined), options.connectTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (connected) {
    controller = connected;
    if (settled) connected.abort();
  } else {
    finish(
      watchError(context, {
        kind: 'timeout',
        timeoutMs: options.connectTimeoutMs,
      }),
    );
    // Ends the request should it be answered after all.
    started.then(
      late => late.abort(),
      () => {},
    );
  }
  return {
    stop: () => {
      stopped = true;
      finish();
    },
    done,
  };
}
