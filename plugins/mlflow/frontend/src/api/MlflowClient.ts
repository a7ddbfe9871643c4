import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc MlflowBackendApi.listInstances} */
  async listInstances(): Promise<MlflowInstancesResponse> {
    return this.fetchJson('/instances');
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
    return this.request(entityRef, '/runs', { params });
  }

  /** {@inheritDoc MlflowBackendApi.getRun} */
  async getRun(
    entityRef: CompoundEntityRef,
    runId: string,
  ): Promise<MlflowRunResponse> {
    return this.request(entityRef, `/runs/${encodeURIComponent(runId)}`);
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
    return this.request(entityRef, '/compare', { params });
  }

  /** {@inheritDoc MlflowBackendApi.getModel} */
  async getModel(entityRef: CompoundEntityRef): Promise<MlflowModelResponse> {
    return this.request(entityRef, '/model');
  }

  /** {@inheritDoc MlflowBackendApi.setAlias} */
  async setAlias(
    entityRef: CompoundEntityRef,
    request: MlflowSetAliasRequest,
  ): Promise<MlflowWriteResponse> {
    return this.request(entityRef, '/model/aliases', {
      method: 'POST',
      body: request,
    });
  }

  /** {@inheritDoc MlflowBackendApi.deleteAlias} */
  async deleteAlias(
    entityRef: CompoundEntityRef,
    alias: string,
  ): Promise<MlflowWriteResponse> {
    return this.request(
      entityRef,
      `/model/aliases/${encodeURIComponent(alias)}`,
      { method: 'DELETE' },
    );
  }

  /** {@inheritDoc MlflowBackendApi.transitionStage} */
  async transitionStage(
    entityRef: CompoundEntityRef,
    version: string,
    request: MlflowTransitionStageRequest,
  ): Promise<MlflowWriteResponse> {
    return this.request(
      entityRef,
      `/model/versions/${encodeURIComponent(version)}/stage`,
      { method: 'POST', body: request },
    );
  }

  private async request<T>(
    entityRef: CompoundEntityRef,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    return this.fetchJson(`${entityPath(entityRef)}${path}`, options);
  }

  private async fetchJson<T>(
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mlflow');
    const query = options.params?.toString();
    const url = `${baseUrl}${path}${query ? `?${query}` : ''}`;
    const response = await this.fetchApi.fetch(url, {
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
  method?: 'GET' | 'POST' | 'DELETE';
  params?: URLSearchParams;
  body?: object;
}

/** `/entity/:namespace/:kind/:name`, each part encoded; kinds are matched case-insensitively. */
function entityPath(ref: CompoundEntityRef): string {
  return `/entity/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
    ref.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.name)}`;
}
