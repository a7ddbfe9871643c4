import type {
  AirflowApiVersion,
  AirflowDagRunState,
} from '@mlops-portal/plugin-airflow-node';

// The bodies FakeAirflow answers with, per API version: the fields v1.yaml, v2.yaml and
// v2-airflow-3.0.2.yaml require (FakeAirflow.contract.test.ts holds every answer to them), and
// the ones the client reads. Dates are written as each Airflow writes them.

type Json = Record<string, unknown>;

/**
 * A DAG as a test describes it; FakeAirflow writes it as its API version sends it.
 *
 * @public
 */
export interface FakeAirflowDag {
  /** `dag_id`. */
  dagId: string;
  /** `dag_display_name`; the DAG id by default. */
  displayName?: string;
  /** `description`; none by default. */
  description?: string | null;
  /** `owners`; `['airflow']` (Airflow's default owner) by default. */
  owners?: string[];
  /** The names of `tags`. */
  tags?: string[];
  /** `is_paused`; false by default. */
  isPaused?: boolean;
  /** A cron expression: `timetable_summary` (v2) or `schedule_interval` (v1); none by default. */
  schedule?: string | null;
  /** `timetable_description`, e.g. "At 02:00". */
  scheduleDescription?: string | null;
  /** `fileloc`; `/opt/airflow/dags/<dag id>.py` by default. */
  fileloc?: string;
}

/**
 * A DAG run FakeAirflow holds, and the states it moves to.
 *
 * @public
 */
export interface FakeAirflowRun {
  /** `dag_id`. */
  dagId: string;
  /** `dag_run_id`. */
  runId: string;
  /** `state` now: what the next read answers. */
  state: AirflowDagRunState;
  /** The states the run moves to, one per read of it (the last one stays). */
  next: AirflowDagRunState[];
  /** `run_type`. */
  runType: 'manual' | 'scheduled';
  /** `conf`. */
  conf: Record<string, unknown>;
  /** `note`. */
  note: string | null;
  /** `logical_date`: null for a run without one (Airflow 3 only). */
  logicalDate: string | null;
  /** When the run was made (`run_after`, `queued_at`), in epoch milliseconds. */
  createdAt: number;
}

/**
 * A timestamp as Airflow 3 (`…Z`) or Airflow 2 (`…+00:00`) writes it, to the microsecond.
 *
 * @internal
 */
export function airflowTime(version: AirflowApiVersion, ms: number): string {
  const micros = `${new Date(ms).toISOString().slice(0, 23)}000`;
  return version === 'v2' ? `${micros}Z` : `${micros}+00:00`;
}

/** `DAGResponse` (v2) or `DAG` (v1) of a DAG a test described. @internal */
export function dagBody(version: AirflowApiVersion, dag: FakeAirflowDag): Json {
  const {
    dagId,
    displayName = dagId,
    description = null,
    owners = ['airflow'],
    tags = [],
    isPaused = false,
    schedule = null,
    scheduleDescription = null,
    fileloc = `/opt/airflow/dags/${dagId}.py`,
  } = dag;
  const common = {
    dag_id: dagId,
    dag_display_name: displayName,
    description,
    is_paused: isPaused,
    owners,
    fileloc,
    file_token: Buffer.from(fileloc).toString('base64url'),
    timetable_description: scheduleDescription,
    max_active_tasks: 16,
    max_active_runs: 16,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
  };
  if (version === 'v2') {
    return {
      ...common,
      tags: tags.map(name => ({
        name,
        dag_id: dagId,
        dag_display_name: displayName,
      })),
      is_stale: false,
      timetable_summary: schedule,
      timetable_partitioned: false,
      next_dagrun_run_after: null,
    };
  }
  return {
    ...common,
    tags: tags.map(name => ({ name })),
    is_active: true,
    is_subdag: false,
    root_dag_id: null,
    schedule_interval: schedule && {
      __type: 'CronExpression',
      value: schedule,
    },
    next_dagrun_create_after: null,
  };
}

/** `DAGRunResponse` (v2) or `DAGRun` (v1). @internal */
export function dagRunBody(
  version: AirflowApiVersion,
  run: FakeAirflowRun,
  dagDisplayName: string,
): Json {
  const created = airflowTime(version, run.createdAt);
  const common = {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: run.logicalDate,
    start_date: run.state === 'queued' ? null : created,
    end_date: null,
    data_interval_start: run.logicalDate,
    data_interval_end: run.logicalDate,
    last_scheduling_decision: null,
    run_type: run.runType,
    state: run.state,
    conf: run.conf,
    note: run.note,
  };
  if (version === 'v2') {
    return {
      ...common,
      dag_display_name: dagDisplayName,
      queued_at: created,
      run_after: run.logicalDate ?? created,
      dag_versions: [],
    };
  }
  return {
    ...common,
    execution_date: run.logicalDate,
    external_trigger: run.runType === 'manual',
  };
}

const ERROR_TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
const ERROR_TYPES: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  409: 'AlreadyExists',
};

/**
 * An error as Airflow 3 (FastAPI's `{ detail }`) or Airflow 2 (an RFC 7807 problem) sends it.
 *
 * @internal
 */
export function errorBody(
  version: AirflowApiVersion,
  status: number,
  detail: string,
): Json {
  if (version === 'v2') {
    return { detail };
  }
  return {
    detail,
    status,
    title: ERROR_TITLES[status] ?? 'Error',
    type: `https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/${
      ERROR_TYPES[status] ?? 'Unknown'
    }`,
  };
}
