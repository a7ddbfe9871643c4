import {
  InstanceClients,
  UpstreamInstanceConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The REST APIs of Airflow: `v1` (Airflow 2, `/api/v1`) and `v2` (Airflow 3, `/api/v2`).
 *
 * @public
 */
export type AirflowApiVersion = 'v1' | 'v2';

/**
 * One configured Airflow instance.
 *
 * @public
 */
export type AirflowInstanceConfig = UpstreamInstanceConfig & {
  /** The REST API the instance serves; `auto` asks the instance once. */
  apiVersion: AirflowApiVersion | 'auto';
  /** Items per page of list requests (at most the instance's `maximum_page_limit`). */
  pageSize: number;
};

/**
 * The states of a DAG run, in both API versions.
 *
 * @public
 */
export const AIRFLOW_DAG_RUN_STATES = [
  'queued',
  'running',
  'success',
  'failed',
] as const;

/**
 * The state of a DAG run.
 *
 * @public
 */
export type AirflowDagRunState = (typeof AIRFLOW_DAG_RUN_STATES)[number];

/**
 * A DAG as the client hands it out, whatever the API version.
 *
 * @public
 */
export interface AirflowDag {
  /** `dag_id`. */
  dagId: string;
  /** `dag_display_name`; the DAG id where the server sends none. */
  displayName: string;
  /** `description`. */
  description?: string;
  /** `is_paused`. */
  isPaused: boolean;
  /** `owners` (the DAG's `owner` default args). */
  owners: string[];
  /** The names of `tags`. */
  tags: string[];
  /** `fileloc`. */
  fileloc?: string;
  /** The schedule: `timetable_summary` (v2) or the `schedule_interval` value (v1). */
  schedule?: string;
  /** `timetable_description`, e.g. "At 03:00". */
  scheduleDescription?: string;
  /** When the next run is due: `next_dagrun_run_after` (v2) or `next_dagrun_create_after` (v1). */
  nextRunAfter?: string;
  /** `has_import_errors`. */
  hasImportErrors?: boolean;
}

/**
 * A DAG run as the client hands it out, whatever the API version.
 *
 * @public
 */
export interface AirflowDagRun {
  /** `dag_id`. */
  dagId: string;
  /** `dag_run_id`. */
  runId: string;
  /** `state`; undefined for a state this client does not know. */
  state?: AirflowDagRunState;
  /** `run_type`, e.g. `scheduled`, `manual`. */
  runType?: string;
  /** `logical_date` (v1 also `execution_date`); null in Airflow 3 for asset-triggered runs. */
  logicalDate?: string;
  /** `start_date`. */
  startDate?: string;
  /** `end_date`. */
  endDate?: string;
  /** `note`. */
  note?: string;
  /** `conf`, the run's parameters. */
  conf?: Record<string, unknown>;
}

/**
 * A task instance of a DAG run as the client hands it out, whatever the API version.
 *
 * @public
 */
export interface AirflowTaskInstance {
  /** `task_id`. */
  taskId: string;
  /** `task_display_name`; the task id where the server sends none. */
  displayName: string;
  /** `map_index`; -1 for a task that is not mapped. */
  mapIndex: number;
  /** `state` (`success`, `failed`, `up_for_retry`…); undefined while it has none. */
  state?: string;
  /** `try_number`: the current try, from 1; 0 before the first. */
  tryNumber: number;
  /** `max_tries` (retries), when the server says. */
  maxTries?: number;
  /** `operator` (v1) or `operator_name` (v2). */
  operator?: string;
  /** `start_date`. */
  startDate?: string;
  /** `end_date`. */
  endDate?: string;
  /** `duration`, in seconds. */
  durationSeconds?: number;
}

/**
 * A task's log of one try, as text.
 *
 * @public
 */
export interface AirflowTaskLog {
  /** The log, one line per log line (v2's structured lines written as `[time] LEVEL - event`). */
  content: string;
  /** Whether the beginning was cut so that the text stays within the client's limit. */
  truncated: boolean;
}

/**
 * What to trigger a DAG run with.
 *
 * @public
 */
export interface TriggerDagRunOptions {
  /** The run's `conf`: a JSON object. */
  conf?: Record<string, unknown>;
  /**
   * The logical date, an RFC 3339 date-time with an offset (`isAirflowDateTime`); null or absent
   * lets Airflow choose (sent as null to Airflow 3).
   */
  logicalDate?: string | null;
  /** The run's note. */
  note?: string;
  /** The run id; Airflow makes one when absent. */
  runId?: string;
}

/**
 * What to clear of a DAG run.
 *
 * @public
 */
export interface ClearDagRunOptions {
  /** Only the failed and upstream-failed task instances (default), or all of them. */
  onlyFailed?: boolean;
  /** Only say what would be cleared. */
  dryRun?: boolean;
}

/**
 * A task instance a clear reset (or would reset, on a dry run).
 *
 * @public
 */
export interface AirflowClearedTask {
  /** `task_id`. */
  taskId: string;
  /** `map_index`, when the server says (API v2). */
  mapIndex?: number;
}

/**
 * One page of an Airflow list.
 *
 * @public
 */
export interface AirflowPage<T> {
  /** The items of this page. */
  items: T[];
  /** How many items the whole list has (`total_entries`), when the server says. */
  totalEntries?: number;
}

/**
 * Options of {@link AirflowApi.listDags} and {@link AirflowApi.listDagPages}.
 *
 * @public
 */
export interface ListDagsOptions {
  /**
   * Keep the pages in the read cache (default true). A catalog refresh reads every DAG once and
   * nobody reads those pages again: it passes false.
   */
  cache?: boolean;
}

/**
 * Options of {@link AirflowApi.getDagRun}.
 *
 * @public
 */
export interface GetDagRunOptions {
  /**
   * Answer from the read cache (default true). A caller watching the run change state passes
   * false: a cached state can be up to twice the instance's `cacheTtl` old.
   */
  cache?: boolean;
}

/**
 * Options of {@link AirflowApi.listDagRuns}.
 *
 * @public
 */
export interface ListDagRunsOptions {
  /** Only runs in one of these states. */
  state?: AirflowDagRunState[];
  /** Items per page; defaults to, and may not exceed, the instance's `pageSize`. */
  limit?: number;
  /** Items to skip. */
  offset?: number;
  /**
   * One field to order by, `-` first for descending: `logical_date` (sent as
   * `execution_date` to Airflow 2), `start_date`, `end_date`, `state`, `run_after` (Airflow 3),
   * `dag_run_id`, `id`. Defaults to the server's order.
   */
  orderBy?: string;
  /** Only runs whose logical date is at or after this (an RFC 3339 date-time with an offset). */
  since?: string;
  /** Only runs whose logical date is at or before this (an RFC 3339 date-time with an offset). */
  until?: string;
}

/**
 * A typed client of one Airflow instance (API v1 or v2). Errors are `@backstage/errors` types
 * whose message names the instance (NotFoundError for an unknown DAG, InputError for bad input
 * caught before any request or refused by the server with 400 or 422, NotAllowedError for
 * refused credentials, ServiceUnavailableError when the instance is down or answers with an
 * unexpected body).
 *
 * @public
 */
export interface AirflowApi {
  /** The instance this client talks to. */
  readonly instance: AirflowInstanceConfig;
  /** The REST API the instance serves (asked once when configured as `auto`). */
  apiVersion(): Promise<AirflowApiVersion>;
  /** `GET /dags`, every page at the instance's page size. */
  listDags(options?: ListDagsOptions): Promise<AirflowDag[]>;
  /**
   * `GET /dags` page by page, the next page requested as soon as one arrives, so the caller's
   * work on a page overlaps the instance's on the next; a failing page throws where it is read.
   */
  listDagPages(options?: ListDagsOptions): AsyncIterable<AirflowDag[]>;
  /** `GET /dags/{dag_id}`. */
  getDag(dagId: string): Promise<AirflowDag>;
  /** `GET /dags/{dag_id}/dagRuns`, one page. */
  listDagRuns(
    dagId: string,
    options?: ListDagRunsOptions,
  ): Promise<AirflowPage<AirflowDagRun>>;
  /** `GET /dags/{dag_id}/dagRuns/{dag_run_id}`. */
  getDagRun(
    dagId: string,
    runId: string,
    options?: GetDagRunOptions,
  ): Promise<AirflowDagRun>;
  /** `GET /dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances`, every page. */
  listTaskInstances(
    dagId: string,
    runId: string,
  ): Promise<AirflowTaskInstance[]>;
  /** `GET …/taskInstances/{task_id}/logs/{try_number}`, the end of it when it is long. */
  getTaskLog(
    dagId: string,
    runId: string,
    taskId: string,
    tryNumber: number,
    options?: { mapIndex?: number },
  ): Promise<AirflowTaskLog>;
  /** `POST /dags/{dag_id}/dagRuns`: a new run. */
  triggerDagRun(
    dagId: string,
    options?: TriggerDagRunOptions,
  ): Promise<AirflowDagRun>;
  /** `PATCH /dags/{dag_id}` with `is_paused`. */
  setPaused(dagId: string, isPaused: boolean): Promise<AirflowDag>;
  /** `POST /dags/{dag_id}/clearTaskInstances` for one run, resetting the run to queued. */
  clearDagRun(
    dagId: string,
    runId: string,
    options?: ClearDagRunOptions,
  ): Promise<AirflowClearedTask[]>;
}

/**
 * The Airflow clients of a plugin, one per configured instance.
 *
 * @public
 */
export type AirflowClients = InstanceClients<AirflowApi, AirflowInstanceConfig>;
