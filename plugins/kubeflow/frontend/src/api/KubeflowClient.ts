import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  BackendRequest,
  createBackendRequest,
  entityRouteSegments,
} from '@mlops-portal/plugin-mlops-react';
import {
  KubeflowCreateRunRequest,
  KubeflowExperimentsResponse,
  KubeflowPipelineResponse,
  KubeflowRecurringRunsResponse,
  KubeflowRecurringRunView,
  KubeflowRunGraphResponse,
  KubeflowRunsQuery,
  KubeflowRunsResponse,
  KubeflowRunView,
} from '@mlops-portal/plugin-kubeflow-common';
import { InstancesResponse } from '@mlops-portal/plugin-mlops-common';
import { KubeflowBackendApi } from './KubeflowBackendApi';

/**
 * The {@link KubeflowBackendApi} over HTTP: `discoveryApi.getBaseUrl('kubeflow')`, the user's
 * Backstage token through `fetchApi`, Backstage error JSON turned into `ResponseError`.
 *
 * @public
 */
export class KubeflowClient implements KubeflowBackendApi {
  private readonly request: BackendRequest;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.request = createBackendRequest({ pluginId: 'kubeflow', ...options });
  }

  /** {@inheritDoc KubeflowBackendApi.listInstances} */
  async listInstances(): Promise<InstancesResponse> {
    return this.request(['instances']);
  }

  /** {@inheritDoc KubeflowBackendApi.getPipeline} */
  async getPipeline(
    entityRef: CompoundEntityRef,
  ): Promise<KubeflowPipelineResponse> {
    return this.request(entityRouteSegments(entityRef, 'pipeline'));
  }

  /** {@inheritDoc KubeflowBackendApi.getRuns} */
  async getRuns(
    entityRef: CompoundEntityRef,
    query: KubeflowRunsQuery = {},
  ): Promise<KubeflowRunsResponse> {
    const params = new URLSearchParams();
    if (query.state) {
      params.set('state', query.state);
    }
    if (query.pageSize !== undefined) {
      params.set('pageSize', String(query.pageSize));
    }
    if (query.pageToken) {
      params.set('pageToken', query.pageToken);
    }
    return this.request(entityRouteSegments(entityRef, 'runs'), { params });
  }

  /** {@inheritDoc KubeflowBackendApi.getRun} */
  async getRun(
    entityRef: CompoundEntityRef,
    runId: string,
  ): Promise<KubeflowRunGraphResponse> {
    return this.request(entityRouteSegments(entityRef, 'runs', runId));
  }

  /** {@inheritDoc KubeflowBackendApi.getRecurringRuns} */
  async getRecurringRuns(
    entityRef: CompoundEntityRef,
  ): Promise<KubeflowRecurringRunsResponse> {
    return this.request(entityRouteSegments(entityRef, 'recurring-runs'));
  }

  /** {@inheritDoc KubeflowBackendApi.getExperiments} */
  async getExperiments(
    entityRef: CompoundEntityRef,
  ): Promise<KubeflowExperimentsResponse> {
    return this.request(entityRouteSegments(entityRef, 'experiments'));
  }

  /** {@inheritDoc KubeflowBackendApi.createRun} */
  async createRun(
    entityRef: CompoundEntityRef,
    request: KubeflowCreateRunRequest,
  ): Promise<KubeflowRunView> {
    return this.request(entityRouteSegments(entityRef, 'runs'), {
      method: 'POST',
      body: request,
    });
  }

  /** {@inheritDoc KubeflowBackendApi.setRecurringRunEnabled} */
  async setRecurringRunEnabled(
    entityRef: CompoundEntityRef,
    recurringRunId: string,
    enabled: boolean,
  ): Promise<KubeflowRecurringRunView> {
    return this.request(
      entityRouteSegments(
        entityRef,
        'recurring-runs',
        recurringRunId,
        'enabled',
      ),
      { method: 'POST', body: { enabled } },
    );
  }
}
