import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  BackendRequest,
  createBackendRequest,
  entityRouteSegments,
} from '@mlops-portal/plugin-mlops-react';
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
  private readonly request: BackendRequest;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.request = createBackendRequest({ pluginId: 'kserve', ...options });
  }

  /** {@inheritDoc KserveBackendApi.listClusters} */
  async listClusters(): Promise<InstancesResponse> {
    return this.request(['clusters']);
  }

  /** {@inheritDoc KserveBackendApi.getServing} */
  async getServing(
    entityRef: CompoundEntityRef,
  ): Promise<ServingRouteResponse> {
    return this.request(entityRouteSegments(entityRef, 'serving'));
  }

  /** {@inheritDoc KserveBackendApi.changeTraffic} */
  async changeTraffic(
    entityRef: CompoundEntityRef,
    request: TrafficChangeRequest,
  ): Promise<ServingResponse> {
    return this.request(entityRouteSegments(entityRef, 'serving', 'traffic'), {
      method: 'POST',
      body: request,
    });
  }
}
