import { LoggerService } from '@backstage/backend-plugin-api';
import {
  HumanDuration,
  JsonValue,
  durationToMilliseconds,
} from '@backstage/types';
import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';
import { InFlightRequests } from '../cache/InFlightRequests';
import { parseCachedJson, ReadCache } from '../cache/ReadCache';
import { UpstreamInstanceConfig } from '../config/types';
import { authHeadersFromConfig } from './auth';
import {
  createUpstreamError,
  readCommonErrorBody,
  UpstreamErrorBody,
} from './errors';
import { executeWithRetry } from './retry';
import { sendOnce, UpstreamResponse } from './transport';
import { buildUpstreamUrl, UpstreamQuery } from './url';

/**
 * HTTP methods the upstream APIs use.
 *
 * @public
 */
export type UpstreamHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One JSON request to an upstream instance.
 *
 * @public
 */
export interface UpstreamRequest<T = unknown> {
  /** Defaults to GET. */
  method?: UpstreamHttpMethod;
  /** Path below the instance `baseUrl`, starting with '/'; build it with `encodePath`. */
  path: string;
  /** The query string parameters, encoded by the client. */
  query?: UpstreamQuery;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Sent as `multipart/form-data` instead of a JSON `body` (e.g. a file upload); fetch writes the
   * content type with its boundary. Writes only: a request with a form is never a read.
   */
  form?: FormData;
  /**
   * Extra headers. They take part in the coalescing and cache key, so
   * per-user credentials passed here are never shared across users.
   */
  headers?: Record<string, string>;
  /** Reads (GET, read-only POST): overrides the instance `cacheTtl` (ms or a duration); 0 = off. */
  cacheTtl?: number | HumanDuration;
  /**
   * Whether the request may be retried. Defaults to true for GET, PUT and
   * DELETE, false for POST and PATCH; set it for e.g. a POST that only reads.
   */
  idempotent?: boolean;
  /**
   * A POST that only reads (e.g. MLflow's `runs/search`, which has no GET form): coalesced,
   * cached and retried like a GET, keyed on its body too. Ignored for other methods.
   */
  readOnly?: boolean;
  /**
   * Reads (GET, read-only POST): turns the parsed body into what the caller returns, throwing
   * for a body it cannot use. A cached body is decoded once per load and the result, deep-frozen,
   * is shared by every read of it, so checking a large page costs once per load, not per read.
   * Pass the same function every time (not a new closure per call), or nothing is shared.
   */
  decode?: (body: unknown) => T;
}

/**
 * Options for {@link UpstreamHttpClient}.
 *
 * @public
 */
export interface UpstreamHttpClientOptions {
  /** The system the instance belongs to. */
  system: MlopsSystem;
  /** The instance, from `readInstanceConfigs`. */
  instance: UpstreamInstanceConfig;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /**
   * The plugin's read cache (`readCacheServiceRef`): reads are cached there for the instance's
   * `cacheTtl` (and served up to as long again while they reload); every other request
   * invalidates them. Without it reads are only coalesced.
   */
  readCache?: ReadCache;
  /**
   * Reads what an error body says (code, message); defaults to `readCommonErrorBody`. The result
   * is kept in the error's upstream details, so nobody has to parse the error message.
   */
  describeErrorBody?: (body: string) => UpstreamErrorBody;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock used for `Retry-After` dates. */
  now?: () => number;
  /**
   * Supplies auth headers instead of `instance.auth`, e.g. an Airflow 3 JWT.
   * Called for every attempt (cache the token inside); it must always act as
   * the same identity, since its headers are not part of the cache key.
   */
  authHeaders?: () => Promise<Record<string, string>>;
}

const IDEMPOTENT_METHODS: ReadonlySet<UpstreamHttpMethod> = new Set([
  'GET',
  'PUT',
  'DELETE',
]);

const identity = (body: unknown) => body;

type Decoder = {
  id: number;
  decode: (body: unknown) => unknown;
  fromText: (text: string) => unknown;
};

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * JSON over HTTP to one upstream instance, with timeouts, retries, coalescing, caching and mapped errors.
 *
 * @remarks
 * Every system client builds on this; it holds no per-system knowledge. The read cache is
 * scoped to the instance (`<system>:<instance>`): any request that is not a read invalidates
 * that scope, succeeded or not (a write may have happened though no answer came back).
 *
 * @public
 */
export class UpstreamHttpClient {
  /** The system this client talks to. */
  readonly system: MlopsSystem;
  /** The instance this client talks to. */
  readonly instance: UpstreamInstanceConfig;
  /** The read cache scope of this instance, e.g. `mlflow:prod`. */
  readonly cacheScope: string;

  private readonly logger: LoggerService;
  private readonly readCache: ReadCache;
  private readonly decoders = new WeakMap<
    (body: unknown) => unknown,
    Decoder
  >();
  private decoderCount = 0;
  private readonly describeErrorBody: (body: string) => UpstreamErrorBody;
  private readonly fetchImpl?: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly authHeaders: () => Promise<Record<string, string>>;
  private readonly uncachedReads = new InFlightRequests();

  constructor(options: UpstreamHttpClientOptions) {
    this.system = options.system;
    this.instance = options.instance;
    this.cacheScope = `${options.system.id}:${options.instance.name}`;
    this.logger = options.logger.child({
      system: options.system.id,
      instance: options.instance.name,
    });
    // Without a shared cache a private one still coalesces concurrent reads.
    this.readCache =
      options.readCache ?? new ReadCache({ logger: options.logger });
    this.describeErrorBody = options.describeErrorBody ?? readCommonErrorBody;
    this.fetchImpl = options.fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    const configured = authHeadersFromConfig(options.instance.auth);
    this.authHeaders = options.authHeaders ?? (async () => configured);
  }

  /**
   * Sends a JSON request and returns the parsed JSON body (`undefined` for an empty body).
   *
   * @remarks
   * Reads (GET, read-only POST) go through the read cache: concurrent identical reads share one
   * upstream call, and callers share one deep-frozen parsed value per cached body (parsed once,
   * not per read); bulk reads with the cache off get their own mutable copy. Errors are
   * `@backstage/errors` types whose message names the system and instance; read their details
   * with `getUpstreamErrorDetails`.
   */
  async request<T = unknown>(request: UpstreamRequest<T>): Promise<T> {
    const method = request.method ?? 'GET';
    const url = buildUpstreamUrl(
      this.instance.baseUrl,
      request.path,
      request.query,
    );
    const readOnlyPost = method === 'POST' && request.readOnly === true;
    if (request.form !== undefined) {
      checkForm(method, request);
    }
    if (method !== 'GET' && !readOnlyPost) {
      try {
        return (await this.send(method, url, request)).value as T;
      } finally {
        await this.readCache.invalidate(this.cacheScope);
      }
    }
    const read = { ...request, idempotent: request.idempotent ?? true };
    const key = [
      method,
      url,
      normalizeHeaders(request.headers),
      readOnlyPost ? request.body ?? null : null,
    ];
    const ttlMs = this.cacheTtlMs(request);
    const decoder = this.decoderFor(request.decode ?? identity);
    if (ttlMs <= 0) {
      // Bulk reads (catalog ingestion) skip the cache: one parse, shared by concurrent callers.
      const { promise, leader } = this.uncachedReads.run(
        JSON.stringify([decoder.id, ...key]),
        async () => decoder.decode((await this.send(method, url, read)).value),
      );
      const value = await promise;
      return (leader ? value : structuredClone(value)) as T;
    }
    return this.readCache.readDecoded(
      key,
      async () => (await this.send(method, url, read)).text,
      { scope: this.cacheScope, ttlMs, staleMs: ttlMs },
      decoder.fromText,
    ) as Promise<T>;
  }

  /** One stable decoder per `decode` function, so the read cache can share what it decoded. */
  private decoderFor(decode: (body: unknown) => unknown): Decoder {
    let decoder = this.decoders.get(decode);
    if (!decoder) {
      decoder = {
        id: this.decoderCount++,
        decode,
        // `checkJson` stored a blank body as '', so this parses what it parsed.
        fromText: text => decode(parseCachedJson(text)),
      };
      this.decoders.set(decode, decoder);
    }
    return decoder;
  }

  /** Makes every cached read of this instance stale, e.g. after a write made another way. */
  async invalidateCache(): Promise<void> {
    await this.readCache.invalidate(this.cacheScope);
  }

  private async send(
    method: UpstreamHttpMethod,
    url: string,
    request: UpstreamRequest,
  ): Promise<JsonBody> {
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const body =
      request.form ??
      (request.body === undefined ? undefined : JSON.stringify(request.body));
    const fetchImpl = this.fetchImpl ?? globalThis.fetch;
    const started = this.now();

    const outcome = await executeWithRetry(
      async () =>
        sendOnce(
          fetchImpl,
          url,
          {
            method,
            headers: {
              accept: 'application/json',
              // A form's content type (with its boundary) is written by fetch.
              ...(typeof body === 'string' && {
                'content-type': 'application/json',
              }),
              ...(await this.authHeaders()),
              ...request.headers,
            },
            body,
          },
          this.instance.timeoutMs,
        ),
      {
        retries: idempotent ? this.instance.retries : 0,
        sleep: this.sleep,
        now: this.now,
        onRetry: ({ attempt, delayMs, reason }) =>
          this.logger.warn('Retrying upstream request', {
            method,
            path: request.path,
            attempt,
            delayMs,
            reason,
          }),
      },
    );

    const context = {
      system: this.system.id,
      instance: this.instance.name,
      method,
      path: request.path,
      attempts: outcome.attempts,
    };
    if ('error' in outcome) {
      throw outcome.error.kind === 'timeout'
        ? createUpstreamError(context, {
            kind: 'timeout',
            timeoutMs: this.instance.timeoutMs,
          })
        : createUpstreamError(context, {
            kind: 'network',
            reason: outcome.error.message,
          });
    }

    const response = outcome.response;
    this.logger.debug('Upstream request', {
      method,
      path: request.path,
      status: response.status,
      attempts: outcome.attempts,
      durationMs: this.now() - started,
    });
    if (response.status < 200 || response.status >= 300) {
      throw createUpstreamError(context, {
        kind: 'http',
        status: response.status,
        statusText: response.statusText,
        body: response.body,
        described: this.readErrorBody(response.body),
      });
    }
    return this.checkJson(response, context);
  }

  private readErrorBody(body: string): UpstreamErrorBody | undefined {
    try {
      return this.describeErrorBody(body);
    } catch {
      // A reader that trips over an odd body must not hide the status.
      return undefined;
    }
  }

  /** The body as text and as JSON, once it is known to be JSON (or empty). */
  private checkJson(
    response: UpstreamResponse,
    context: Parameters<typeof createUpstreamError>[0],
  ): JsonBody {
    if (response.body.trim() === '') {
      return { text: '', value: undefined };
    }
    try {
      return { text: response.body, value: JSON.parse(response.body) };
    } catch {
      throw createUpstreamError(context, {
        kind: 'invalid-response',
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
      });
    }
  }

  private cacheTtlMs(request: UpstreamRequest): number {
    const ttl = request.cacheTtl;
    if (ttl === undefined) {
      return this.instance.cacheTtlMs;
    }
    return typeof ttl === 'number' ? ttl : durationToMilliseconds(ttl);
  }
}

/** A form goes alone, and only with a write: a read is keyed and cached on text it never has. */
function checkForm(method: UpstreamHttpMethod, request: UpstreamRequest) {
  if (request.body !== undefined) {
    throw new TypeError(
      'An upstream request sends a JSON body or a form, not both',
    );
  }
  if (method === 'GET' || request.readOnly === true) {
    throw new TypeError(
      `An upstream request with a form must be a write, not a ${
        method === 'GET' ? 'GET' : 'read-only POST'
      }`,
    );
  }
}

/** A response body, as received and parsed (`undefined` when empty). */
interface JsonBody {
  text: string;
  value: JsonValue | undefined;
}

/**
 * Per-request headers take part in the cache key, so credentials passed there are never shared
 * across users; names are case-insensitive and ordered by code unit (replicas may differ in locale).
 */
function normalizeHeaders(
  headers: Record<string, string> = {},
): Array<[string, string]> {
  return Object.entries(headers)
    .map(([name, value]): [string, string] => [name.toLowerCase(), value])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}
