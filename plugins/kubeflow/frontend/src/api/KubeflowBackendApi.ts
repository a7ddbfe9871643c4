import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
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

/**
 * The Kubeflow backend plugin (`/api/kubeflow`) as the browser sees it; every call but
 * `listInstances` is about the pipeline or experiment a catalog entity names in
 * `kubeflow.org/pipeline` or `kubeflow.org/experiment`.
 *
 * @public
 */
export interface KubeflowBackendApi {
  /** The configured Kubeflow Pipelines instances (names and UI URLs), the default first. */
  listInstances(): Promise<InstancesResponse>;
  /** The entity's pipeline with its versions, their declared parameters and the write authority. */
  getPipeline(entityRef: CompoundEntityRef): Promise<KubeflowPipelineResponse>;
  /** A page of the entity's runs, newest first; the next page by `nextPageToken`. */
  getRuns(
    entityRef: CompoundEntityRef,
    query?: KubeflowRunsQuery,
  ): Promise<KubeflowRunsResponse>;
  /** One run of the entity's with its task graph. */
  getRun(
    entityRef: CompoundEntityRef,
    runId: string,
  ): Promise<KubeflowRunGraphResponse>;
  /** The recurring runs of the entity's pipeline or experiment. */
  getRecurringRuns(
    entityRef: CompoundEntityRef,
  ): Promise<KubeflowRecurringRunsResponse>;
  /** The experiments the entity's runs are in. */
  getExperiments(
    entityRef: CompoundEntityRef,
  ): Promise<KubeflowExperimentsResponse>;
  /** Starts a run of the entity's pipeline; the backend checks the parameters first. */
  createRun(
    entityRef: CompoundEntityRef,
    request: KubeflowCreateRunRequest,
  ): Promise<KubeflowRunView>;
  /** Enables or disables a recurring run of the entity's pipeline. */
  setRecurringRunEnabled(
    entityRef: CompoundEntityRef,
    recurringRunId: string,
    enabled: boolean,
  ): Promise<KubeflowRecurringRunView>;
}

/**
 * The {@link KubeflowBackendApi} of the app.
 *
 * @public
 */
export const kubeflowApiRef = createApiRef<KubeflowBackendApi>({
  id: 'plugin.kubeflow.service',
});
