import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  HumanDuration,
  JsonValue,
  durationToMilliseconds,
} from '@backstage/types';
import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';
import { createHash } from 'node:crypto';
import { UpstreamInstanceConfig } from '../config/types';
import { authHeadersFromConfig } from './auth';
import { InFlightRequests } from './coalesce';
import { createUpstreamError } from './errors';
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
export interface UpstreamRequest {
  /** Defaults to GET. */
  method?: UpstreamHttpMethod;
  /** Path below the instance `baseUrl`, starting with '/'; build it with `encodePath`. */
  path: string;
  query?: UpstreamQuery;
  /** Sent as JSON. */
  body?: unknown;
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
}

/**
 * Options for {@link UpstreamHttpClient}.
 *
 * @public
 */
export interface UpstreamHttpClientOptions {
  system: MlopsSystem;
  instance: UpstreamInstanceConfig;
  logger: LoggerService;
  /** Enables the short-TTL GET cache (use the plugin's `coreServices.cache`). */
  cache?: CacheService;
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

const CACHE_KEY_PREFIX = 'mlops-upstream:v1';

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * JSON over HTTP to one upstream instance, with timeouts, retries, coalescing, caching and mapped errors.
 *
 * @remarks
 * Every system client (MLflow, Airflow, Kubeflow Pipelines, Kubernetes for
 * KServe) builds on this; it holds no per-system knowledge.
 *
 * @public
 */
export class UpstreamHttpClient {
  /** The system this client talks to. */
  readonly system: MlopsSystem;
  /** The instance this client talks to. */
  readonly instance: UpstreamInstanceConfig;

  private readonly logger: LoggerService;
  private readonly cache?: CacheService;
  private readonly fetchImpl?: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly authHeaders: () => Promise<Record<string, string>>;
  private readonly inFlight = new InFlightRequests();

  constructor(options: UpstreamHttpClientOptions) {
    this.system = options.system;
    this.instance = options.instance;
    this.logger = options.logger.child({
      system: options.system,
      instance: options.instance.name,
    });
    this.cache = options.cache;
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
   * Concurrent identical GETs share one upstream call and each get their own
   * copy of the result. Errors are @backstage/errors types whose message names
   * the system and instance; read their details with `getUpstreamErrorDetails`.
   */
  async request<T = unknown>(request: UpstreamRequest): Promise<T> {
    const method = request.method ?? 'GET';
    const url = buildUpstreamUrl(
      this.instance.baseUrl,
      request.path,
      request.query,
    );
    const readOnlyPost = method === 'POST' && request.readOnly === true;
    if (method !== 'GET' && !readOnlyPost) {
      return (await this.send(method, url, request)) as T;
    }

    const key = this.requestKey(
      method,
      url,
      request.headers,
      readOnlyPost ? request.body : undefined,
    );
    const { promise, leader } = this.inFlight.run(key, () =>
      this.cachedRead(method, key, url, request),
    );
    const value = await promise;
    // Callers may mutate what they get; followers must not see each other's edits.
    return (leader ? value : structuredClone(value)) as T;
  }

  private async cachedRead(
    method: 'GET' | 'POST',
    key: string,
    url: string,
    request: UpstreamRequest,
  ): Promise<JsonValue | undefined> {
    const ttlMs = this.cacheTtlMs(request);
    const cache = ttlMs > 0 ? this.cache : undefined;
    if (cache) {
      try {
        const hit = await cache.get<JsonValue>(key);
        if (hit !== undefined) {
          return hit;
        }
      } catch (error) {
        // A cache outage must not become an upstream outage.
        this.logger.warn('Upstream cache read failed; calling upstream', {
          error: String(error),
        });
      }
    }
    const value = await this.send(method, url, {
      ...request,
      idempotent: request.idempotent ?? true,
    });
    if (cache && value !== undefined) {
      try {
        await cache.set(key, value, { ttl: ttlMs });
      } catch (error) {
        this.logger.warn('Upstream cache write failed', {
          error: String(error),
        });
      }
    }
    return value;
  }

  private async send(
    method: UpstreamHttpMethod,
    url: string,
    request: UpstreamRequest,
  ): Promise<JsonValue | undefined> {
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const body =
      request.body === undefined ? undefined : JSON.stringify(request.body);
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
              ...(body !== undefined && { 'content-type': 'application/json' }),
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
      system: this.system,
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
      });
    }
    return this.parseBody(response, context);
  }

  private parseBody(
    response: UpstreamResponse,
    context: Parameters<typeof createUpstreamError>[0],
  ): JsonValue | undefined {
    if (response.body.trim() === '') {
      return undefined;
    }
    try {
      return JSON.parse(response.body) as JsonValue;
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

  /**
   * Identifies "the same request": method, full URL and per-request headers.
   * Hashed, because URLs can exceed cache key limits (memcached: 250 bytes)
   * and per-request headers may hold credentials.
   */
  private requestKey(
    method: UpstreamHttpMethod,
    url: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): string {
    const normalizedHeaders = Object.entries(headers)
      .map(([name, value]) => [name.toLowerCase(), value])
      // Code-unit order, not localeCompare: replicas sharing a cache may differ in locale.
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const digest = createHash('sha256')
      .update(JSON.stringify([method, url, normalizedHeaders, body ?? null]))
      .digest('base64url');
    return `${CACHE_KEY_PREFIX}:${this.system}:${this.instance.name}:${digest}`;
  }
}
