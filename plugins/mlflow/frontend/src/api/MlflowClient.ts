import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  BackendRequest,
  BackendRequestOptions,
  createBackendRequest,
  entityRouteSegments,
} from '@mlops-portal/plugin-mlops-react';
import {
  MlflowCompareResponse,
  MlflowInstancesResponse,
  MlflowModelResponse,
  MlflowRunResponse,
  MlflowRunsQuery,
  MlflowRunsResponse,
  MlflowSetAliasRequest,
  MlflowTransitionStageRequest,
  MlflowWriteResponse,
} from '@mlops-portal/plugin-mlflow-common';
import { MlflowBackendApi, MlflowCompareQuery } from './MlflowBackendApi';

/**
 * The {@link MlflowBackendApi} over HTTP: `discoveryApi.getBaseUrl('mlflow')`, the user's
 * Backstage token through `fetchApi`, Backstage error JSON turned into `ResponseError`.
 *
 * @public
 */
export class MlflowClient implements MlflowBackendApi {
  private readonly send: BackendRequest;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.send = createBackendRequest({ pluginId: 'mlflow', ...options });
  }

  /** {@inheritDoc MlflowBackendApi.listInstances} */
  async listInstances(): Promise<MlflowInstancesResponse> {
    return this.send(['instances']);
  }

  /** {@inheritDoc MlflowBackendApi.getRuns} */
  async getRuns(
    entityRef: CompoundEntityRef,
    query: MlflowRunsQuery = {},
  ): Promise<MlflowRunsResponse> {
    const params = new URLSearchParams();
    if (query.pageToken) {
      params.set('pageToken', query.pageToken);
    }
    if (query.maxResults !== undefined) {
      params.set('maxResults', String(query.maxResults));
    }
    // Repeated rather than comma-joined: a backtick-quoted key may contain a comma.
    for (const clause of query.orderBy ?? []) {
      params.append('orderBy', clause);
    }
    if (query.filter?.trim()) {
      params.set('filter', query.filter.trim());
    }
    return this.request(entityRef, ['runs'], { params });
  }

  /** {@inheritDoc MlflowBackendApi.getRun} */
  async getRun(
    entityRef: CompoundEntityRef,
    runId: string,
  ): Promise<MlflowRunResponse> {
    return this.request(entityRef, ['runs', runId]);
  }

  /** {@inheritDoc MlflowBackendApi.compareRuns} */
  async compareRuns(
    entityRef: CompoundEntityRef,
    query: MlflowCompareQuery,
  ): Promise<MlflowCompareResponse> {
    const params = new URLSearchParams({ runIds: query.runIds.join(',') });
    if (query.metrics?.length) {
      params.set('metrics', query.metrics.join(','));
    }
    return this.request(entityRef, ['compare'], { params });
  }

  /** {@inheritDoc MlflowBackendApi.getModel} */
  async getModel(entityRef: CompoundEntityRef): Promise<MlflowModelResponse> {
    return this.request(entityRef, ['model']);
  }

  /** {@inheritDoc MlflowBackendApi.setAlias} */
  async setAlias(
    entityRef: CompoundEntityRef,
    request: MlflowSetAliasRequest,
  ): Promise<MlflowWriteResponse> {
    return this.request(entityRef, ['model', 'aliases'], {
      method: 'POST',
      body: request,
    });
  }

  /** {@inheritDoc MlflowBackendApi.deleteAlias} */
  async deleteAlias(
    entityRef: CompoundEntityRef,
    alias: string,
  ): Promise<MlflowWriteResponse> {
    return this.request(entityRef, ['model', 'aliases', alias], {
      method: 'DELETE',
    });
  }

  /** {@inheritDoc MlflowBackendApi.transitionStage} */
  async transitionStage(
    entityRef: CompoundEntityRef,
    version: string,
    request: MlflowTransitionStageRequest,
  ): Promise<MlflowWriteResponse> {
    return this.request(entityRef, ['model', 'versions', version, 'stage'], {
      method: 'POST',
      body: request,
    });
  }

  private request<T>(
    ref: CompoundEntityRef,
    segments: string[],
    options?: BackendRequestOptions,
  ): Promise<T> {
    return this.send<T>(entityRouteSegments(ref, ...segments), options);
  }
}
