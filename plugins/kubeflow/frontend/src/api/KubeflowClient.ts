import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
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
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc KubeflowBackendApi.listInstances} */
  async listInstances(): Promise<InstancesResponse> {
    return this.request(['instances']);
  }

  /** {@inheritDoc KubeflowBackendApi.getPipeline} */
  async getPipeline(
    entityRef: CompoundEntityRef,
  ): Promise<KubeflowPipelineResponse> {
    return this.request(entitySegments(entityRef, 'pipeline'));
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
    return this.request(entitySegments(entityRef, 'runs'), { params });
  }

  /** {@inheritDoc KubeflowBackendApi.getRun} */
  async getRun(
    entityRef: CompoundEntityRef,
    runId: string,
  ): Promise<KubeflowRunGraphResponse> {
    return this.request(entitySegments(entityRef, 'runs', runId));
  }

  /** {@inheritDoc KubeflowBackendApi.getRecurringRuns} */
  async getRecurringRuns(
    entityRef: CompoundEntityRef,
  ): Promise<KubeflowRecurringRunsResponse> {
    return this.request(entitySegments(entityRef, 'recurring-runs'));
  }

  /** {@inheritDoc KubeflowBackendApi.getExperiments} */
  async getExperiments(
    entityRef: CompoundEntityRef,
  ): Promise<KubeflowExperimentsResponse> {
    return this.request(entitySegments(entityRef, 'experiments'));
  }

  /** {@inheritDoc KubeflowBackendApi.createRun} */
  async createRun(
    entityRef: CompoundEntityRef,
    request: KubeflowCreateRunRequest,
  ): Promise<KubeflowRunView> {
    return this.request(entitySegments(entityRef, 'runs'), {
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
      entitySegments(entityRef, 'recurring-runs', recurringRunId, 'enabled'),
      { method: 'POST', body: { enabled } },
    );
  }

  /**
   * Calls `<baseUrl>/<segments>`. Every segment is encoded on its own, so an id or entity name
   * never adds or removes path segments.
   */
  private async request<T>(
    segments: string[],
    options: RequestOptions = {},
  ): Promise<T> {
    const path = segments.map(encodeSegment).join('/');
    const baseUrl = await this.discoveryApi.getBaseUrl('kubeflow');
    const query = options.params?.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}/${path}${query ? `?${query}` : ''}`,
      {
        method: options.method ?? 'GET',
        ...(options.body !== undefined && {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(options.body),
        }),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  params?: URLSearchParams;
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
  // URL parsers resolve `.` and `..` even as `%2E`: such an id would address another route.
  if (segment === '.' || segment === '..' || segment === '') {
    throw new InputError(`'${segment}' cannot be used as an id in a URL`);
  }
  return encodeURIComponent(segment);
}
