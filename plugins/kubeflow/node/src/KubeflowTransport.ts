import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import {
  UpstreamHttpClient,
  UpstreamHttpMethod,
  UpstreamQuery,
} from '@mlops-portal/plugin-mlops-node';
import { ServiceAccountTokenFile } from './auth/ServiceAccountTokenFile';
import type { KubeflowClientOptions } from './KubeflowClient';
import { readKfpErrorBody } from './read/errorBody';

/** Where KFP serves API v2beta1, below the instance's `baseUrl`. */
export const KFP_API_ROOT = '/apis/v2beta1';

/**
 * How `KubeflowClient` talks to one instance: one kept `UpstreamHttpClient` (so coalescing and
 * caching work) below `/apis/v2beta1`, with the configured credentials or the service account
 * token file's, the multi-user identity header on every request, and KFP's error bodies read
 * into the errors' details.
 *
 * @internal
 */
export class KubeflowTransport {
  private readonly http: UpstreamHttpClient;
  /** The user-id header on multi-user Kubeflow; constant, so it never splits the cache. */
  private readonly identity: Record<string, string>;

  constructor(options: KubeflowClientOptions) {
    const { instance } = options;
    const tokenFile =
      instance.serviceAccountToken &&
      new ServiceAccountTokenFile({
        instance: instance.name,
        tokenPath: instance.serviceAccountToken.tokenPath,
        files: options.files,
      });
    this.http = new UpstreamHttpClient({
      system: KUBEFLOW_SYSTEM,
      instance,
      logger: options.logger,
      readCache: options.readCache,
      fetch: options.fetch,
      sleep: options.sleep,
      now: options.now,
      describeErrorBody: readKfpErrorBody,
      ...(tokenFile && { authHeaders: () => tokenFile.headers() }),
    });
    const multiUser = instance.multiUser;
    this.identity = multiUser
      ? { [multiUser.userIdHeader]: multiUser.userId }
      : {};
  }

  /** A GET below the API root; retried, coalesced, cached unless `cache: false`. */
  get<T>(
    path: string,
    query: UpstreamQuery,
    decode: (body: unknown) => T,
    options: { cache?: boolean } = {},
  ): Promise<T> {
    return this.http.request({
      path: `${KFP_API_ROOT}${path}`,
      query,
      decode,
      headers: this.identity,
      // Read once and not kept: nothing asks for it again before it changes.
      ...(options.cache === false && { cacheTtl: 0 }),
    });
  }

  /**
   * A write below the API root: sent once (never retried, it may have been applied), with a
   * JSON body or a multipart form, its answer read by `decode`; it drops the instance's cached
   * reads.
   */
  async write<T>(
    method: Extract<UpstreamHttpMethod, 'POST' | 'PATCH'>,
    path: string,
    request: { query?: UpstreamQuery; body?: unknown; form?: FormData },
    decode: (body: unknown) => T,
  ): Promise<T> {
    const answer = await this.http.request({
      method,
      path: `${KFP_API_ROOT}${path}`,
      headers: this.identity,
      ...request,
    });
    return decode(answer);
  }
}
