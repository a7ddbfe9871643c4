import type { Server } from 'http';
import { AddressInfo } from 'net';
import { K8S_AUTH } from '../../__testUtils__/sandbox';
import { Sandbox } from '../../index';
import type { WatchEvent } from '../watch';

/** A watch stream opened against a listening sandbox. */
export interface OpenWatch {
  status: number;
  headers: Headers;
  /** Every event received so far. */
  events: WatchEvent[];
  /** Resolves when the server has ended the stream. */
  ended: Promise<void>;
  /** Waits until `count` events have arrived (fails after `timeoutMs`); returns them all. */
  take(count: number, timeoutMs?: number): Promise<WatchEvent[]>;
  /** Disconnects, as a client that goes away. */
  abort(): void;
}

/** Starts the sandbox on an ephemeral loopback port; `close` ends it (and its watches). */
export async function listening(
  sandbox: Sandbox,
): Promise<{ baseUrl: string; server: Server; close(): Promise<void> }> {
  const server = await sandbox.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/kubernetes`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}

/**
 * Opens `GET <path>?watch=true&…` and reads its newline-delimited events as they come, the way
 * `@kubernetes/client-node`'s Watch does.
 */
export async function openWatch(
  baseUrl: string,
  path: string,
  query: Record<string, string> = {},
): Promise<OpenWatch> {
  const controller = new AbortController();
  const url = `${baseUrl}${path}?${new URLSearchParams({
    watch: 'true',
    ...query,
  })}`;
  const res = await fetch(url, {
    headers: K8S_AUTH,
    signal: controller.signal,
  });
  const events: WatchEvent[] = [];
  let finished = false;
  const ended = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          events.push(JSON.parse(buffer.slice(0, newline)));
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
        }
      }
    } catch {
      // aborted by the test
    }
    finished = true;
  })();
  return {
    status: res.status,
    headers: res.headers,
    events,
    ended,
    abort: () => controller.abort(),
    take: async (count, timeoutMs = 2000) => {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (finished) {
          throw new Error(
            `stream ended after ${events.length} of ${count} events`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `${events.length} of ${count} events after ${timeoutMs} ms`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      return events;
    },
  };
}

/** `type namespace/name` of each event (BOOKMARK/ERROR: `type resourceVersion` / the message). */
export function summary(events: WatchEvent[]): string[] {
  return events.map(e => {
    const o = e.object as any;
    if (e.type === 'ERROR') return `ERROR ${o.message}`;
    if (e.type === 'BOOKMARK') return `BOOKMARK ${o.metadata.resourceVersion}`;
    return `${e.type} ${o.metadata.namespace}/${o.metadata.name}`;
  });
}
