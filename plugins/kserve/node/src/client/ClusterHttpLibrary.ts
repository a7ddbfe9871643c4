import { LoggerService } from '@backstage/backend-plugin-api';
import {
  RequestContext,
  ResponseBody,
  ResponseContext,
} from '@kubernetes/client-node';
import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import {
  createUpstreamError,
  executeWithRetry,
  UpstreamFailure,
  UpstreamResponse,
  UpstreamTransportError,
} from '@mlops-portal/plugin-mlops-node';
import type { KserveClusterConfig } from '../KserveApi';
import { readKubernetesStatus } from './kubernetesStatus';

/** A JSON media type, as client-node's serializer reads one (`application/…json…`). */
function isJson(contentType: string | undefined): boolean {
  const [type, subtype = ''] = (contentType ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase()
    .split('/');
  return type === 'application' && subtype.split('+').includes('json');
}

/**
 * Options of {@link ClusterHttpLibrary}.
 *
 * @internal
 */
export interface ClusterHttpLibraryOptions {
  cluster: KserveClusterConfig;
  logger: LoggerService;
  /** Sends through this fetch instead of the cluster's dispatcher (without its TLS): for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** One request as sent, and its answer read to the end. */
type SendOnce = (
  request: RequestContext,
  signal: AbortSignal,
) => Promise<UpstreamResponse>;

/**
 * How every call of the generated client-node APIs reaches one cluster: the undici dispatcher
 * client-node's KubeConfig made for the cluster (its TLS, keep-alive, any proxy), under the
 * cluster's timeout per attempt, GETs retried on a network failure, a timeout or 429/502/503/504,
 * the body read within the timeout. Anything but a 2xx JSON answer becomes the kit's upstream
 * error here, where the method, the path below the cluster URL, the attempts and the status are
 * all known: `NotFoundError` (404), `ConflictError` (409), `InputError` (400, 422),
 * `NotAllowedError` (401, 403), `ServiceUnavailableError` (5xx, no connection, timeout, a body
 * that is not JSON), with the Kubernetes `Status` read into the message. The generated code only
 * ever parses JSON.
 *
 * @remarks
 * The dispatcher's own `request`, not client-node's fetch over it: the same connection, without
 * the WHATWG Request, Response and stream objects of every call, which made the fetch layer
 * cost as much CPU as reading the answers (a relist of thousands of InferenceServices).
 *
 * @internal
 */
export class ClusterHttpLibrary {
  private readonly sendOnce: SendOnce;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: LoggerService;

  constructor(private readonly options: ClusterHttpLibraryOptions) {
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    this.logger = options.logger;
    this.sendOnce = options.fetch
      ? fetchSender(options.fetch)
      : sendThroughDispatcher;
  }

  /** The `PromiseHttpLibrary` method client-node calls. */
  async send(request: RequestContext): Promise<ResponseContext> {
    const { cluster } = this.options;
    const method = request.getHttpMethod();
    const path = this.relativePath(request.getUrl());
    const retries = method === 'GET' ? cluster.retries : 0;
    const started = Date.now();
    // The kit's retry: backoff with jitter, Retry-After, 429/502/503/504 and transport errors.
    const outcome = await executeWithRetry(() => this.attempt(request), {
      retries,
      sleep: this.sleep,
      now: Date.now,
      onRetry: ({ attempt, delayMs, reason }) =>
        this.logger.warn('Retrying Kubernetes request', {
          method,
          path,
          attempt,
          delayMs,
          reason,
        }),
    });
    const context = {
      system: KSERVE_SYSTEM.id,
      instance: cluster.name,
      method,
      path,
      attempts: outcome.attempts,
    };
    if ('error' in outcome) {
      throw createUpstreamError(
        context,
        outcome.error.kind === 'timeout'
          ? { kind: 'timeout', timeoutMs: cluster.timeoutMs }
          : { kind: 'network', reason: outcome.error.message },
      );
    }
    const answer = outcome.response;
    this.logger.debug('Kubernetes request', {
      method,
      path,
      status: answer.status,
      attempts: outcome.attempts,
      durationMs: Date.now() - started,
    });
    const failure = describeAnswer(answer);
    if (failure) {
      throw createUpstreamError(context, failure);
    }
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return new ResponseContext(answer.status, headers, textBody(answer.body));
  }

  /**
   * One attempt, the body read too, under the cluster's timeout; a failure to send (no
   * connection, the timeout, a token or CA file that cannot be read) is a transport error, which
   * the retry policy knows.
   */
  private async attempt(request: RequestContext): Promise<UpstreamResponse> {
    const { timeoutMs } = this.options.cluster;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await this.sendOnce(request, signal);
    } catch (error) {
      if (signal.aborted) {
        throw new UpstreamTransportError('timeout', 'timed out');
      }
      throw new UpstreamTransportError('network', describeNetworkError(error));
    }
  }

  /** The path below the cluster URL (its own path prefix left out), without the query. */
  relativePath(url: string): string {
    const { pathname } = new URL(url);
    const prefix = new URL(this.options.cluster.baseUrl).pathname.replace(
      /\/+$/,
      '',
    );
    return prefix && pathname.startsWith(prefix)
      ? pathname.slice(prefix.length) || '/'
      : pathname;
  }
}

/** The undici dispatcher client-node's KubeConfig puts on a request. */
type ClusterDispatcher = NonNullable<
  ReturnType<RequestContext['getDispatcher']>
>;
type RequestMethod = Parameters<ClusterDispatcher['request']>[0]['method'];

/** Sends through the request's dispatcher (ClusterKubeConfig gives every request one). */
async function sendThroughDispatcher(
  request: RequestContext,
  signal: AbortSignal,
): Promise<UpstreamResponse> {
  const dispatcher = request.getDispatcher();
  if (!dispatcher) {
    // ClusterKubeConfig makes one for every cluster: a request without one is a bug here.
    throw new Error('the request has no dispatcher');
  }
  const url = new URL(request.getUrl());
  const response = await dispatcher.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: request.getHttpMethod() as RequestMethod,
    headers: request.getHeaders(),
    body: request.getBody() as string | undefined,
    signal,
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  return {
    status: response.statusCode,
    statusText: '',
    headers,
    body: await response.body.text(),
  };
}

/** Sends through an injected fetch (tests, where msw intercepts the global one). */
function fetchSender(send: typeof fetch): SendOnce {
  return async (request, signal) => {
    const response = await send(request.getUrl(), {
      method: request.getHttpMethod(),
      headers: request.getHeaders(),
      body: request.getBody() as string | undefined,
      signal,
    });
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: await response.text(),
    };
  };
}

/**
 * A body already read as text, handed on as it is: client-node only asks for the text, and
 * a list page of megabytes is not encoded to bytes and decoded again on its way.
 */
function textBody(text: string): ResponseBody {
  return {
    text: async () => text,
    binary: async () => Buffer.from(text),
    stream: () => null,
  };
}

/** Why an answer cannot be used, or undefined for a 2xx JSON one. */
function describeAnswer(answer: UpstreamResponse): UpstreamFailure | undefined {
  const contentType = answer.headers.get('content-type') ?? '';
  if (answer.status < 200 || answer.status >= 300) {
    return {
      kind: 'http',
      status: answer.status,
      statusText: '',
      body: answer.body,
      described: readKubernetesStatus(answer.body),
    };
  }
  // client-node parses the body right after: only its outline is checked here, so a list of
  // thousands of objects is not parsed twice. A body that passes but does not parse is
  // reported by runCall as an answer client-node cannot read.
  if (isJson(contentType) && looksLikeJson(answer.body)) {
    return undefined;
  }
  return { kind: 'invalid-response', status: answer.status, contentType };
}

/** Whether a body is a JSON object or array from end to end, by its first and last characters. */
function looksLikeJson(text: string): boolean {
  // Scanned, not trimmed: trim() would copy a body of megabytes.
  const space = (code: number) =>
    code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
  let start = 0;
  let end = text.length - 1;
  while (start <= end && space(text.charCodeAt(start))) start++;
  while (end >= start && space(text.charCodeAt(end))) end--;
  const first = text[start];
  const last = text[end];
  return (
    start < end &&
    ((first === '{' && last === '}') || (first === '[' && last === ']'))
  );
}

/** `error.message` and `.code`, read without `instanceof` (Node's own errors may be of another realm). */
function errorText(error: unknown): { message?: string; code?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { message, code } = error as { message?: unknown; code?: unknown };
  return {
    message: typeof message === 'string' && message ? message : undefined,
    code: typeof code === 'string' && code ? code : undefined,
  };
}

/**
 * What went wrong with a request that got no answer. undici says 'fetch failed' and puts what
 * happened (ECONNREFUSED, a TLS error) in `cause`.
 *
 * @internal
 */
export function describeNetworkError(error: unknown): string {
  const cause = errorText((error as { cause?: unknown } | null)?.cause);
  const own = errorText(error);
  return cause.message ?? cause.code ?? own.message ?? String(error);
}
