import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
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

/**
 * Which task instance's log {@link AirflowBackendApi.getTaskLog} reads.
 *
 * @public
 */
export interface AirflowTaskLogQuery {
  /** The task's id. */
  taskId: string;
  /** The try, from 1. */
  tryNumber: number;
  /** The map index of a mapped task; -1 (the default) for an unmapped one. */
  mapIndex?: number;
}

/**
 * The Airflow backend plugin (`/api/airflow`) as the browser sees it; every call is about a DAG
 * the catalog entity names in `airflow.apache.org/dag-id`.
 *
 * @public
 */
export interface AirflowBackendApi {
  /** The entity's DAGs with their health and write authority. */
  getDags(entityRef: CompoundEntityRef): Promise<AirflowDagsResponse>;
  /** A page of a DAG's runs, newest first. */
  getRuns(
    entityRef: CompoundEntityRef,
    dagId: string,
    query?: AirflowRunsQuery,
  ): Promise<AirflowRunsResponse>;
  /** The task instances of a DAG run. */
  getTaskInstances(
    entityRef: CompoundEntityRef,
    dagId: string,
    runId: string,
  ): Promise<AirflowTaskInstancesResponse>;
  /** The log of one try of a task instance. */
  getTaskLog(
    entityRef: CompoundEntityRef,
    dagId: string,
    runId: string,
    query: AirflowTaskLogQuery,
  ): Promise<AirflowTaskLogResponse>;
  /** Triggers a run of a DAG. */
  triggerRun(
    entityRef: CompoundEntityRef,
    dagId: string,
    request: AirflowTriggerRequest,
  ): Promise<AirflowRunWriteResponse>;
  /** Pauses or unpauses a DAG. */
  setPaused(
    entityRef: CompoundEntityRef,
    dagId: string,
    request: AirflowSetPausedRequest,
  ): Promise<AirflowDagWriteResponse>;
  /** Clears a DAG run (or only its failed task instances) so it runs again. */
  clearRun(
    entityRef: CompoundEntityRef,
    dagId: string,
    runId: string,
    request: AirflowClearRunRequest,
  ): Promise<AirflowRunWriteResponse>;
}

/**
 * The {@link AirflowBackendApi} of the app.
 *
 * @public
 */
export const airflowApiRef = createApiRef<AirflowBackendApi>({
  id: 'plugin.airflow.service',
});
