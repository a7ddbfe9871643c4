import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import {
  UpstreamHttpClient,
  UpstreamQuery,
} from '@mlops-portal/plugin-mlops-node';
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
  private readonly cache?: GenerationalCache;

  constructor(options: MlflowTransportOptions) {
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
   * A POST that only reads (`runs/search`, which has no GET form in MLflow's API, yet backs the
   * busiest page): retried, coalesced and cached like a GET by the shared layer.
   */
  async readOnlyPost(path: string, body: JsonValue): Promise<unknown> {
    try {
      return await this.http.request({
        method: 'POST',
        path,
        body,
        readOnly: true,
      });
    } catch (error) {
      throw mapMlflowError(error);
    }
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
}
