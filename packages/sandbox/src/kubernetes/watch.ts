import type { Request } from 'express';
import { Reply } from '../http/errors';
import { firstQuery } from '../http/query';
import { isvcFilter } from './list';
import type { KubernetesState } from './state';
import { k8sStatus, k8sUnclassified, statusBody } from './status';
import { InferenceService, IsvcChange } from './types';
import { API_VERSION, queryFlag } from './validation';

/** How often a watch with `allowWatchBookmarks=true` gets a BOOKMARK by default. */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 15_000;

// The API server's --min-request-timeout: a watch without timeoutSeconds ends after it.
const DEFAULT_TIMEOUT_SECONDS = 1800;

/** One line of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/**
 * The open watch streams of one sandbox, so that a reset (a restarted API server, to clients)
 * and the server's shutdown can end them instead of leaving connections and timers behind.
 */
export class WatchHub {
  private readonly streams = new Set<(shutdown: boolean) => void>();

  constructor(
    /** Milliseconds between BOOKMARK events. */
    readonly bookmarkIntervalMs: number = DEFAULT_BOOKMARK_INTERVAL_MS,
  ) {}

  /** Number of open streams. */
  get size(): number {
    return this.streams.size;
  }

  /** Registers a stream's close function; returns its deregistration. */
  add(close: (shutdown: boolean) => void): () => void {
    this.streams.add(close);
    return () => {
      this.streams.delete(close);
    };
  }

  /** Ends every stream; with `shutdown`, also drops their connections so server.close() returns. */
  closeAll(shutdown = false): void {
    for (const close of [...this.streams]) close(shutdown);
  }
}

/** True for `?watch=…` with anything but "0"/"false" (how the API server reads the flag). */
export function isWatchRequest(req: Request): boolean {
  return queryFlag(req, 'watch');
}

function parseResourceVersion(req: Request): number | undefined {
  const raw = firstQuery(req, 'resourceVersion');
  // Unset and "0" both mean: start with the current state (synthetic ADDED events).
  if (raw === undefined || raw === '' || raw === '0') return undefined;
  if (!/^\d+$/.test(raw)) {
    throw k8sUnclassified(
      `resourceVersion: Invalid value: "${raw}": strconv.ParseUint: parsing "${raw}": invalid syntax`,
    );
  }
  return Number(raw);
}

function parseTimeout(req: Request): number {
  const raw = firstQuery(req, 'timeoutSeconds');
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_SECONDS;
  if (!/^-?\d+$/.test(raw)) {
    throw k8sStatus(
      'BadRequest',
      `strconv.ParseInt: parsing "${raw}": invalid syntax`,
    );
  }
  const seconds = Number(raw);
  return seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
}

/** The object with another resourceVersion (selector exits report the old state at the new version). */
function atVersion(object: InferenceService, rv: number): InferenceService {
  return {
    ...object,
    metadata: { ...object.metadata, resourceVersion: String(rv) },
  };
}

/** What one watcher sees of a change, given its selectors (the watch cache's rules). */
function eventFor(
  change: IsvcChange,
  matches: (o: InferenceService) => boolean,
): WatchEvent | undefined {
  const now = matches(change.object);
  if (change.type !== 'MODIFIED') {
    return now ? { type: change.type, object: change.object } : undefined;
  }
  const before = change.previous ? matches(change.previous) : false;
  if (before && now) return { type: 'MODIFIED', object: change.object };
  if (now) return { type: 'ADDED', object: change.object };
  if (before)
    return {
      type: 'DELETED',
      object: atVersion(change.previous!, change.resourceVersion),
    };
  return undefined;
}

/**
 * `GET …/inferenceservices?watch=true`: newline-delimited JSON watch events on a chunked
 * `application/json` response, until `timeoutSeconds`, the client leaving, a reset or the
 * server's shutdown. Query errors are answered as a Status before the stream starts, a
 * resourceVersion older than the history as an ERROR event (410 Expired), as the API server does.
 * The promise settles when the stream has ended (the route layer's reply is then a no-op).
 */
export function serveWatch(
  req: Request,
  state: KubernetesState,
  namespace: string | undefined,
  hub: WatchHub,
): Promise<Reply> {
  const filter = isvcFilter(req);
  const inNamespace = (o: InferenceService) =>
    namespace === undefined || o.metadata.namespace === namespace;
  const matches = (o: InferenceService) => inNamespace(o) && filter(o);
  const from = parseResourceVersion(req);
  const timeoutSeconds = parseTimeout(req);
  const bookmarks = queryFlag(req, 'allowWatchBookmarks');
  const res = req.res!;

  res.status(200);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, private');
  res.flushHeaders();
  const send = (event: WatchEvent) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  };

  return new Promise<Reply>(resolve => {
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = () => {};
    let deregister = () => {};
    let done = false;
    const finish = (shutdown = false) => {
      if (done) return;
      done = true;
      timers.forEach(timer => clearTimeout(timer));
      unsubscribe();
      deregister();
      res.end();
      if (shutdown) res.once('finish', () => req.socket.destroy());
      resolve({});
    };
    res.on('close', () => finish());

    if (from !== undefined) {
      const since = state.changesSince(from);
      if (since.expired) {
        send({
          type: 'ERROR',
          object: statusBody(
            'Expired',
            `too old resource version: ${from} (${since.oldest})`,
          ),
        });
        finish();
        return;
      }
      for (const change of since.changes) {
        const event = eventFor(change, matches);
        if (event) send(event);
      }
    } else {
      for (const { object } of state.list(namespace)) {
        if (matches(object)) send({ type: 'ADDED', object });
      }
    }
    // Replay and subscription happen in one synchronous step: no change can fall between them.
    unsubscribe = state.subscribe(change => {
      // A watch from a future resourceVersion waits until the store gets there.
      if (from !== undefined && change.resourceVersion <= from) return;
      const event = eventFor(change, matches);
      if (event) send(event);
    });
    deregister = hub.add(shutdown => finish(shutdown));
    timers.push(setTimeout(() => finish(), timeoutSeconds * 1000));
    if (bookmarks) {
      const bookmark = setInterval(
        () =>
          send({
            type: 'BOOKMARK',
            object: {
              apiVersion: API_VERSION,
              kind: 'InferenceService',
              metadata: { resourceVersion: state.resourceVersion },
            },
          }),
        hub.bookmarkIntervalMs,
      );
      timers.push(bookmark);
    }
    // Belt and braces: a forgotten stream never keeps the process alive.
    timers.forEach(timer => timer.unref());
  });
}
