import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import {
  ServingResponse,
  ServingRouteResponse,
  TrafficChangeRequest,
} from '@mlops-portal/plugin-kserve-common';
import { InstancesResponse } from '@mlops-portal/plugin-mlops-common';
import { KserveBackendApi } from './KserveBackendApi';

/**
 * The {@link KserveBackendApi} over HTTP: `discoveryApi.getBaseUrl('kserve')`, the user's
 * Backstage token through `fetchApi`, Backstage error JSON turned into `ResponseError`.
 *
 * @public
 */
export class KserveClient implements KserveBackendApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc KserveBackendApi.listClusters} */
  async listClusters(): Promise<InstancesResponse> {
    return this.request(['clusters']);
  }

  /** {@inheritDoc KserveBackendApi.getServing} */
  async getServing(
    entityRef: CompoundEntityRef,
  ): Promise<ServingRouteResponse> {
    return this.request(entitySegments(entityRef, 'serving'));
  }

  /** {@inheritDoc KserveBackendApi.changeTraffic} */
  async changeTraffic(
    entityRef: CompoundEntityRef,
    request: TrafficChangeRequest,
  ): Promise<ServingResponse> {
    return this.request(entitySegments(entityRef, 'serving', 'traffic'), {
      method: 'POST',
      body: request,
    });
  }

  /**
   * Calls `<baseUrl>/<segments>`. Every segment is encoded on its own, so an entity name never
   * adds or removes path segments.
   */
  private async request<T>(
    segments: string[],
    options: RequestOptions = {},
  ): Promise<T> {
    const path = segments.map(encodeSegment).join('/');
    const baseUrl = await this.discoveryApi.getBaseUrl('kserve');
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}`, {
      method: options.method ?? 'GET',
      ...(options.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options.body),
      }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: object;
}

/** `entity/:namespace/:kind/:name/...`, the kind in lower case as the backend matches it. */
function entitySegments(ref: CompoundEntityRef, ...rest: string[]): string[] {
  return [
    'entity',
    ref.namespace,
    // kinds are matched case-insensitively; the lower case keeps URLs (and caches) uniform
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
    ...rest,
  ];
}

function encodeSegment(segment: string): string {
  // URL parsers resolve `.` and `..` even as `%2E`: such a name would address another route.
  if (segment === '.' || segment === '..' || segment === '') {
    throw new InputError(`'${segment}' cannot be used as a name in a URL`);
  }
  return encodeURIComponent(segment);
}
