import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  BackendRequest,
  BackendRequestOptions,
  createBackendRequest,
  entityRouteSegments,
} from '@mlops-portal/plugin-mlops-react';
import {
  AirflowClearRunRequest,
  AirflowDagsResponse,
  AirflowDagWriteResponse,
  AirflowRunsQuery,
  AirflowRunsResponse,
  AirflowRunWriteResponse,
  AirflowSetPausedRequest,
  AirflowTaskInstancesResponse,
  AirflowTaskLogResponse,
  AirflowTriggerRequest,
} from '@mlops-portal/plugin-airflow-common';
import { AirflowBackendApi, AirflowTaskLogQuery } from './AirflowBackendApi';

/**
 * The {@link AirflowBackendApi} over HTTP: `discoveryApi.getBaseUrl('airflow')`, the user's
 * Backstage token through `fetchApi`, Backstage error JSON turned into `ResponseError`.
 *
 * @public
 */
export class AirflowClient implements AirflowBackendApi {
  private readonly send: BackendRequest;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.send = createBackendRequest({ pluginId: 'airflow', ...options });
  }

  /** {@inheritDoc AirflowBackendApi.getDags} */
  async getDags(entityRef: CompoundEntityRef): Promise<AirflowDagsResponse> {
    return this.request(entityRef, ['dags']);
  }

  /** {@inheritDoc AirflowBackendApi.getRuns} */
  async getRuns(
    entityRef: CompoundEntityRef,
    dagId: string,
    query: AirflowRunsQuery = {},
  ): Promise<AirflowRunsResponse> {
    const params = new URLSearchParams();
    if (query.state?.length) {
      params.set('state', query.state.join(','));
    }
    if (query.since) {
      params.set('since', query.since);
    }
    if (query.until) {
      params.set('until', query.until);
    }
    if (query.limit !== undefined) {
      params.set('limit', String(query.limit));
    }
    if (query.offset !== undefined) {
      params.set('offset', String(query.offset));
    }
    return this.request(entityRef, ['dags', dagId, 'runs'], { params });
  }

  /** {@inheritDoc AirflowBackendApi.getTaskInstances} */
  async getTaskInstances(
    entityRef: CompoundEntityRef,
    dagId: string,
    runId: string,
  ): Promise<AirflowTaskInstancesResponse> {
    return this.request(entityRef, ['dags', dagId, 'runs', runId, 'tasks']);
  }

  /** {@inheritDoc AirflowBackendApi.getTaskLog} */
  async getTaskLog(
    entityRef: CompoundEntityRef,
    dagId: string,
    runId: string,
    query: AirflowTaskLogQuery,
  ): Promise<AirflowTaskLogResponse> {
    const params = new URLSearchParams({
      mapIndex: String(query.mapIndex ?? -1),
    });
    return this.request(
      entityRef,
      [
        'dags',
        dagId,
        'runs',
        runId,
        'tasks',
        query.taskId,
        'logs',
        String(query.tryNumber),
      ],
      { params },
    );
  }

  /** {@inheritDoc AirflowBackendApi.triggerRun} */
  async triggerRun(
    entityRef: CompoundEntityRef,
    dagId: string,
    request: AirflowTriggerRequest,
  ): Promise<AirflowRunWriteResponse> {
    return this.request(entityRef, ['dags', dagId, 'runs'], {
      method: 'POST',
      body: request,
    });
  }

  /** {@inheritDoc AirflowBackendApi.setPaused} */
  async setPaused(
    entityRef: CompoundEntityRef,
    dagId: string,
    request: AirflowSetPausedRequest,
  ): Promise<AirflowDagWriteResponse> {
    return this.request(entityRef, ['dags', dagId, 'paused'], {
      method: 'POST',
      body: request,
    });
  }

  /** {@inheritDoc AirflowBackendApi.clearRun} */
  async clearRun(
    entityRef: CompoundEntityRef,
    dagId: string,
    runId: string,
    request: AirflowClearRunRequest,
  ): Promise<AirflowRunWriteResponse> {
    return this.request(entityRef, ['dags', dagId, 'runs', runId, 'clear'], {
      method: 'POST',
      body: request,
    });
  }

  /**
   * Calls `/entity/:namespace/:kind/:name/<segments>`. Every segment is encoded on its own: run
   * ids such as `manual__2026-10-22T09:14:03+00:00` carry `:` and `+`, which a server would
   * otherwise read as a space, and an id never adds or removes path segments.
   */
  private request<T>(
    ref: CompoundEntityRef,
    segments: string[],
    options?: BackendRequestOptions,
  ): Promise<T> {
    return this.send<T>(entityRouteSegments(ref, ...segments), options);
  }
}
