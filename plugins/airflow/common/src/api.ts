import type {
  InstanceError,
  InstanceSummary,
  InstancesResponse,
} from '@mlops-portal/plugin-mlops-common';

/*
 * What the Airflow backend plugin serves to the frontend (`/api/airflow/...`): portal view models,
 * camelCase, the same for Airflow 2 (API v1) and Airflow 3 (API v2). Upstream shapes live in
 * `@mlops-portal/plugin-airflow-node`.
 */

/**
 * The state of a DAG run, in both Airflow versions.
 *
 * @public
 */
export type AirflowRunState = 'queued' | 'running' | 'success' | 'failed';

/**
 * The DAG run states, in the order Airflow's UI lists them.
 *
 * @public
 */
export const AIRFLOW_RUN_STATES: readonly AirflowRunState[] = [
  'queued',
  'running',
  'success',
  'failed',
];

/**
 * Where an entity's Airflow DAGs live, resolved from its annotations.
 *
 * @public
 */
export interface AirflowEntityTarget {
  /** The configured instance (from `airflow.apache.org/instance`, else the default). */
  instance: string;
  /** The Airflow UI of that instance, for links. */
  uiUrl: string;
  /** The DAG ids of `airflow.apache.org/dag-id`, in the order written. */
  dagIds: string[];
}

/**
 * Who may change a DAG (trigger, pause, clear): the owners of the entity the Airflow provider
 * ingested for it.
 *
 * @public
 */
export interface AirflowWriteAuthority {
  /** The ingested `airflow-dag` Resource whose owners may write; absent when there is none. */
  entityRef?: string;
  /** Why there is no ingested entity (then only admins may write). */
  reason?: string;
}

/**
 * How a DAG has been doing lately, from its most recent runs.
 *
 * @public
 */
export interface AirflowDagHealth {
  /** The state of the most recent run; absent when the DAG never ran. */
  lastRunState?: AirflowRunState;
  /** When the most recent run started (ISO 8601), or its logical date when it has not. */
  lastRunAt?: string;
  /** When the next scheduled run is due (ISO 8601); absent when unscheduled or paused. */
  nextRunAfter?: string;
  /** How many of the most recent runs failed in a row (0 when the last did not fail). */
  failureStreak: number;
}

/**
 * A DAG on an entity page.
 *
 * @public
 */
export interface AirflowDagView {
  /** `dag_id`. */
  dagId: string;
  /** `dag_display_name`, else the DAG id. */
  displayName: string;
  /** The DAG's description. */
  description?: string;
  /** Whether the scheduler skips the DAG. */
  isPaused: boolean;
  /** The DAG's owners, as Airflow writes them. */
  owners: string[];
  /** The DAG's tags. */
  tags: string[];
  /** The schedule, e.g. `0 2 * * *`. */
  schedule?: string;
  /** The schedule in words, e.g. `At 02:00`. */
  scheduleDescription?: string;
  /** The DAG file. */
  fileloc?: string;
  /** Whether the DAG's file failed to import. */
  hasImportErrors?: boolean;
  /** The DAG in the Airflow UI. */
  url: string;
  /** Its recent runs, summarized. */
  health: AirflowDagHealth;
  /** Whose permission a write on this DAG is checked against. */
  authority: AirflowWriteAuthority;
}

/**
 * One DAG run.
 *
 * @public
 */
export interface AirflowRunView {
  /** `dag_id`. */
  dagId: string;
  /** `dag_run_id`. */
  runId: string;
  /** The run's state; absent for a state the portal does not know. */
  state?: AirflowRunState;
  /** `scheduled`, `manual`, `backfill`, `asset_triggered`… */
  runType?: string;
  /** ISO 8601; absent for Airflow 3 runs without one. */
  logicalDate?: string;
  /** ISO 8601. */
  startDate?: string;
  /** ISO 8601; absent while running. */
  endDate?: string;
  /** endDate - startDate, when both are known. */
  durationMs?: number;
  /** The run's note (the portal writes who triggered it there). */
  note?: string;
  /** The run in the Airflow UI. */
  url: string;
}

/**
 * One task instance of a DAG run.
 *
 * @public
 */
export interface AirflowTaskInstanceView {
  /** `task_id`. */
  taskId: string;
  /** `task_display_name`, else the task id. */
  displayName: string;
  /** `map_index`; -1 for an unmapped task. */
  mapIndex: number;
  /** `state` (`success`, `failed`, `up_for_retry`, `upstream_failed`, `skipped`…); absent when none yet. */
  state?: string;
  /** The current (latest) try, from 1; 0 before the first. */
  tryNumber: number;
  /** How many tries the task may have (retries + 1), when known. */
  maxTries?: number;
  /** The operator class, e.g. `PythonOperator`. */
  operator?: string;
  /** ISO 8601. */
  startDate?: string;
  /** ISO 8601. */
  endDate?: string;
  /** Seconds, as Airflow reports it, in milliseconds. */
  durationMs?: number;
  /** The task instance in the Airflow UI. */
  url: string;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/dags`: the entity's DAGs with their health.
 *
 * @public
 */
export interface AirflowDagsResponse {
  /** Where the entity's DAGs live; absent when it could not be resolved. */
  target?: AirflowEntityTarget;
  /** The DAGs that could be read, in annotation order. */
  items: AirflowDagView[];
  /** Why DAGs could not be read (one per DAG id or instance); empty on success. */
  errors: InstanceError[];
}

/**
 * Query of the runs route.
 *
 * @public
 */
export interface AirflowRunsQuery {
  /** Only runs in these states. */
  state?: AirflowRunState[];
  /** Only runs whose logical date is at or after this (ISO 8601). */
  since?: string;
  /** Only runs whose logical date is before this (ISO 8601). */
  until?: string;
  /** 1–100, default 25. */
  limit?: number;
  /** Runs to skip, for the next page. */
  offset?: number;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/dags/:dagId/runs`: a page of runs, newest
 * first.
 *
 * @public
 */
export interface AirflowRunsResponse {
  /** Where the entity's DAGs live; absent when it could not be resolved. */
  target?: AirflowEntityTarget;
  /** The runs of this page, newest first. */
  items: AirflowRunView[];
  /** How many runs match, when Airflow says. */
  totalEntries?: number;
  /** Why the runs could not be read; empty on success. */
  errors: InstanceError[];
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/dags/:dagId/runs/:runId/tasks`: the run's
 * task instances.
 *
 * @public
 */
export interface AirflowTaskInstancesResponse {
  /** Where the entity's DAGs live; absent when it could not be resolved. */
  target?: AirflowEntityTarget;
  /** The run; absent when it could not be read. */
  run?: AirflowRunView;
  /** Every task instance of the run. */
  items: AirflowTaskInstanceView[];
  /** Why the task instances could not be read; empty on success. */
  errors: InstanceError[];
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/dags/:dagId/runs/:runId/tasks/:taskId/logs/:tryNumber`.
 *
 * @public
 */
export interface AirflowTaskLogResponse {
  /** Where the entity's DAGs live; absent when it could not be resolved. */
  target?: AirflowEntityTarget;
  /** The log text, one line per log line; absent when it could not be read. */
  content?: string;
  /** Whether the beginning of the log was cut to keep the answer small. */
  truncated: boolean;
  /** The log in the Airflow UI. */
  url?: string;
  /** Why the log could not be read; empty on success. */
  errors: InstanceError[];
}

/**
 * The body of `POST /entity/:namespace/:kind/:name/dags/:dagId/runs`: trigger a run.
 *
 * @public
 */
export interface AirflowTriggerRequest {
  /** The run's `conf`: a JSON object. */
  conf?: Record<string, unknown>;
  /** The logical date (ISO 8601); null or absent lets Airflow choose (now, or none on Airflow 3). */
  logicalDate?: string | null;
  /** A note; the portal adds who triggered the run. */
  note?: string;
}

/**
 * The body of `POST /entity/:namespace/:kind/:name/dags/:dagId/paused`.
 *
 * @public
 */
export interface AirflowSetPausedRequest {
  /** True pauses the DAG, false unpauses it. */
  isPaused: boolean;
}

/**
 * The body of `POST /entity/:namespace/:kind/:name/dags/:dagId/runs/:runId/clear`.
 *
 * @public
 */
export interface AirflowClearRunRequest {
  /** Clear only the failed (and upstream-failed) task instances; default true. */
  onlyFailed?: boolean;
}

/**
 * The answer of a trigger or a clear: the run as it is afterwards.
 *
 * @public
 */
export interface AirflowRunWriteResponse {
  /** The run after the write. */
  item: AirflowRunView;
}

/**
 * The answer of pause/unpause: the DAG as it is afterwards.
 *
 * @public
 */
export interface AirflowDagWriteResponse {
  /** The DAG after the write. */
  item: AirflowDagView;
}

/**
 * One configured instance as the browser may see it (the kit's `InstanceSummary`).
 *
 * @public
 */
export type AirflowInstanceSummary = InstanceSummary;

/**
 * The answer of `GET /instances` (the kit's `InstancesResponse`).
 *
 * @public
 */
export type AirflowInstancesResponse = InstancesResponse;
