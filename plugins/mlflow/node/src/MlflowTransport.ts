import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import {
  UpstreamHttpClient,
  UpstreamQuery,
} from '@mlops-portal/plugin-mlops-node';
import { createHash } from 'node:crypto';
import { GenerationalCache } from './cache/GenerationalCache';
import { mapMlflowError } from './errors';
import { MlflowInstanceConfig } from './MlflowApi';

const CACHE_KEY_PREFIX = 'mlflow-client:v1';
// The generation marker must outlive every entry stored under it.
const MIN_GENERATION_TTL_MS = 24 * 60 * 60 * 1000;

/** Options of {@link MlflowTransport}. */
export interface MlflowTransportOptions {
  instance: MlflowInstanceConfig;
  logger: LoggerService;
  cache?: CacheService;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * How `MlflowClient` talks to one instance: one `UpstreamHttpClient` (kept, so coalescing and
 * caching work), MLflow error codes mapped, read-only POSTs coalesced and cached like GETs, and
 * every write starting a new cache generation so that later reads are fresh.
 *
 * @internal
 */
export class MlflowTransport {
  private readonly http: UpstreamHttpClient;
  private readonly logger: LoggerService;
  private readonly instance: MlflowInstanceConfig;
  private readonly cache?: GenerationalCache;
  private readonly postsInFlight = new Map<
    string,
    Promise<JsonValue | undefined>
  >();

  constructor(options: MlflowTransportOptions) {
    this.instance = options.instance;
    this.logger = options.logger.child({
      system: 'mlflow',
      instance: options.instance.name,
    });
    if (options.cache && options.instance.cacheTtlMs > 0) {
      this.cache = new GenerationalCache(
        options.cache,
        `${CACHE_KEY_PREFIX}:${options.instance.name}:generation`,
        Math.max(MIN_GENERATION_TTL_MS, 2 * options.instance.cacheTtlMs),
      );
    }
    this.http = new UpstreamHttpClient({
      system: 'mlflow',
      instance: options.instance,
      logger: options.logger,
      cache: this.cache,
      fetch: options.fetch,
      sleep: options.sleep,
    });
  }

  /** A GET: retried, coalesced and cached (unless `cache: false`) by the shared layer. */
  async get(
    path: string,
    query: UpstreamQuery,
    options: { cache?: boolean } = {},
  ): Promise<unknown> {
    try {
      return await this.http.request({
        path,
        query,
        cacheTtl: options.cache === false ? 0 : undefined,
      });
    } catch (error) {
      throw mapMlflowError(error);
    }
  }

  /**
   * A POST that only reads (`runs/search`): retried, and coalesced and cached like a GET.
   *
   * @remarks
   * The shared layer coalesces and caches GETs only, and `runs/search` has no GET form in
   * MLflow's API, yet it backs the busiest page (the runs table); so identical concurrent
   * searches share one upstream call here and answers are cached for the instance `cacheTtl`.
   */
  async readOnlyPost(path: string, body: JsonValue): Promise<unknown> {
    const key = this.postKey(path, body);
    const inFlight = this.postsInFlight.get(key);
    if (inFlight) {
      // Callers may mutate what they get; followers must not see each other's edits.
      return structuredClone(await inFlight);
    }
    const promise = this.cachedPost(key, path, body).finally(() => {
      this.postsInFlight.delete(key);
    });
    this.postsInFlight.set(key, promise);
    return promise;
  }

  /** A write: never retried nor cached; afterwards every cached read of the instance is stale. */
  async write(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body: JsonValue,
  ): Promise<unknown> {
    try {
      return await this.http.request({
        method,
        path,
        body,
        idempotent: false,
      });
    } catch (error) {
      throw mapMlflowError(error);
    } finally {
      // Also after a failure: the write may have happened even though no answer came back.
      await this.invalidateCache();
    }
  }

  private async cachedPost(
    key: string,
    path: string,
    body: JsonValue,
  ): Promise<JsonValue | undefined> {
    const cache = this.cache;
    if (cache) {
      try {
        const hit = await cache.get<JsonValue>(key);
        if (hit !== undefined) {
          return hit;
        }
      } catch (error) {
        this.logger.warn('MLflow cache read failed; calling upstream', {
          error: String(error),
        });
      }
    }
    let value: JsonValue | undefined;
    try {
      value = await this.http.request<JsonValue | undefined>({
        method: 'POST',
        path,
        body,
        idempotent: true,
      });
    } catch (error) {
      throw mapMlflowError(error);
    }
    if (cache && value !== undefined) {
      try {
        await cache.set(key, value, { ttl: this.instance.cacheTtlMs });
      } catch (error) {
        this.logger.warn('MLflow cache write failed', {
          error: String(error),
        });
      }
    }
    return value;
  }

  private async invalidateCache(): Promise<void> {
    if (!this.cache) {
      return;
    }
    try {
      await this.cache.invalidate();
    } catch (error) {
      this.logger.warn(
        'MLflow cache invalidation after a write failed; reads may be stale until the cache TTL passes',
        { error: String(error) },
      );
    }
  }

  /** Hashed: request bodies hold filters of any length, and keys have size limits (memcached). */
  private postKey(path: string, body: JsonValue): string {
    const digest = createHash('sha256')
      .update(JSON.stringify(['POST', path, body]))
      .digest('base64url');
    return `${CACHE_KEY_PREFIX}:${this.instance.name}:post:${digest}`;
  }
}
