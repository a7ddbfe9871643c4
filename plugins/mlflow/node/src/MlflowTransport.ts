import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import {
  ReadCache,
  UpstreamHttpClient,
  UpstreamQuery,
} from '@mlops-portal/plugin-mlops-node';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import { describeMlflowErrorBody, mapMlflowError } from './errors';
import { MlflowInstanceConfig } from './MlflowApi';

/** Options of {@link MlflowTransport}. */
export interface MlflowTransportOptions {
  instance: MlflowInstanceConfig;
  logger: LoggerService;
  readCache?: ReadCache;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * How `MlflowClient` talks to one instance: one `UpstreamHttpClient` (kept, so coalescing and
 * caching work), MLflow's error body read into the error details, and errors re-classed by
 * MLflow's error code.
 *
 * @internal
 */
export class MlflowTransport {
  private readonly http: UpstreamHttpClient;

  constructor(options: MlflowTransportOptions) {
    this.http = new UpstreamHttpClient({
      system: MLFLOW_SYSTEM,
      instance: options.instance,
      logger: options.logger,
      readCache: options.readCache,
      describeErrorBody: describeMlflowErrorBody,
      fetch: options.fetch,
      sleep: options.sleep,
    });
  }

  /**
   * A GET: retried, coalesced and cached (unless `cache: false`) by the shared layer, which
   * runs `decode` once per cached body and shares its frozen result.
   */
  async get<T>(
    path: string,
    query: UpstreamQuery,
    decode: (body: unknown) => T,
    options: { cache?: boolean } = {},
  ): Promise<T> {
    try {
      return await this.http.request({
        path,
        query,
        cacheTtl: options.cache === false ? 0 : undefined,
        decode,
      });
    } catch (error) {
      throw mapMlflowError(error);
    }
  }

  /**
   * A POST that only reads (`runs/search`, which has no GET form in MLflow's API, yet backs the
   * busiest page): retried, coalesced and cached like a GET by the shared layer.
   */
  async readOnlyPost<T>(
    path: string,
    body: JsonValue,
    decode: (body: unknown) => T,
  ): Promise<T> {
    try {
      return await this.http.request({
        method: 'POST',
        path,
        body,
        readOnly: true,
        decode,
      });
    } catch (error) {
      throw mapMlflowError(error);
    }
  }

  /** A write: never retried nor cached; the shared layer then invalidates the instance's reads. */
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
    }
  }
}
