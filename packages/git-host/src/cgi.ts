import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

const MAX_HEADER_BYTES = 64 * 1024;

/** How to run one CGI program for one request. */
export interface CgiOptions {
  command: string;
  args: string[];
  /** The complete environment of the program (CGI variables included). */
  env: NodeJS.ProcessEnv;
  /** Called with what the program writes to stderr. */
  onStderr?(text: string): void;
  /** Runs after the program's output is written and before the response ends. */
  beforeEnd?(): Promise<void>;
}

/** The outcome of a CGI run: the status sent, and whether the program exited cleanly. */
export interface CgiResult {
  status: number;
  exitCode: number | null;
}

/** Splits a CGI response head into a status and headers (`Status:` is the status line). */
export function parseCgiHead(head: string): {
  status: number;
  headers: Array<[string, string]>;
} {
  let status = 200;
  const headers: Array<[string, string]> = [];
  for (const line of head.split(/\r?\n/)) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const code = parseInt(value, 10);
      if (code >= 100 && code <= 599) status = code;
    } else {
      headers.push([name, value]);
    }
  }
  return { status, headers };
}

function headEnd(
  buffer: Buffer,
): { end: number; bodyStart: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf))
    return { end: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { end: lf, bodyStart: lf + 2 };
  return undefined;
}

/** Largest gzip request body accepted, before and after inflating (git sends small ones). */
export const MAX_GZIP_BODY = 64 * 1024 * 1024;

/** The request body the program reads, or why there is none to give it. */
export type CgiBody =
  | { ok: true; body: Readable; contentLength?: string }
  | { ok: false; status: 400 | 413 | 415; message: string };

async function readAll(
  req: Readable,
  limit: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The request body as the program should read it. A gzip (or x-gzip) body is inflated here,
 * whole, so that a corrupt one is a clean 400 before the program has answered (git only gzips
 * requests that fit its post buffer); plain bodies stream through; other encodings get 415.
 */
export async function requestBody(req: IncomingMessage): Promise<CgiBody> {
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    return {
      ok: true,
      body: req,
      contentLength: req.headers['content-length'],
    };
  }
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    return { ok: false, status: 415, message: 'unsupported Content-Encoding' };
  }
  const raw = await readAll(req, MAX_GZIP_BODY);
  if (!raw)
    return { ok: false, status: 413, message: 'request body too large' };
  try {
    const plain = await gunzipAsync(raw, { maxOutputLength: MAX_GZIP_BODY });
    return {
      ok: true,
      body: Readable.from([plain]),
      contentLength: String(plain.length),
    };
  } catch (error) {
    const tooLarge =
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    return tooLarge
      ? { ok: false, status: 413, message: 'request body too large' }
      : {
          ok: false,
          status: 400,
          message: `bad gzip request body: ${(error as Error).message}`,
        };
  }
}

/**
 * Runs a CGI program for one HTTP exchange: `body` (if any) streams to its stdin, its stdout is
 * parsed as a CGI response (headers, optional `Status:`, then the body, streamed). A client that
 * goes away kills the program.
 */
export function runCgi(
  res: ServerResponse,
  body: Readable | undefined,
  options: CgiOptions,
): Promise<CgiResult> {
  return new Promise(resolve => {
    const child = spawn(options.command, options.args, {
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let status = 502;
    let headSent = false;
    let pending: Buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (exitCode: number | null) => {
      if (settled) return;
      settled = true;
      resolve({ status, exitCode });
    };

    const fail = (message: string) => {
      if (!res.headersSent) {
        status = 502;
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`${message}\n`);
      } else {
        res.destroy();
      }
    };

    child.once('error', error => {
      fail(`cannot run ${options.command}: ${error.message}`);
      finish(null);
    });
    child.stderr.on('data', chunk =>
      options.onStderr?.(chunk.toString('utf8')),
    );

    const onHeadData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const found = headEnd(pending);
      if (!found) {
        if (pending.length > MAX_HEADER_BYTES) {
          child.kill();
          fail('CGI response head too large');
        }
        return;
      }
      child.stdout.off('data', onHeadData);
      const parsed = parseCgiHead(
        pending.subarray(0, found.end).toString('latin1'),
      );
      status = parsed.status;
      res.statusCode = parsed.status;
      for (const [name, value] of parsed.headers) res.appendHeader(name, value);
      headSent = true;
      const rest = pending.subarray(found.bodyStart);
      if (rest.length) res.write(rest);
      child.stdout.pipe(res, { end: false });
      child.stdout.once('end', () => {
        Promise.resolve(options.beforeEnd?.())
          .catch(() => undefined)
          .then(() => res.end());
      });
    };
    child.stdout.on('data', onHeadData);

    child.once('close', code => {
      if (!headSent) {
        fail(`CGI program exited (${code}) without a response`);
      }
      finish(code);
    });

    res.once('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    });

    child.stdin.on('error', () => {
      // The program may stop reading early (e.g. it rejected the request); its answer still counts.
    });
    if (body) {
      // A client that breaks off its upload must not leave the program waiting.
      body.once('error', () => child.kill());
      body.pipe(child.stdin);
    } else {
      child.stdin.end();
    }
  });
}
