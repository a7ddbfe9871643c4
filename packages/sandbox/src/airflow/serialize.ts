import { stableHex, stableUuid } from '../ids';
import { airflow2Time, airflow3Time } from '../time';
import { DagRecord, DagRunRecord, TaskInstanceTimes } from './types';

/**
 * JSON shapes of Airflow 3 (`/api/v2`, DAGResponse etc.) and Airflow 2 (`/api/v1`, DAG
 * etc.) for the same records. Field sets follow v2.yaml / v1.yaml exactly.
 */

type Json = Record<string, unknown>;

const DAGS_FOLDER = '/opt/airflow/dags';
const t3 = (ms: number | null) => (ms === null ? null : airflow3Time(ms));
const t2 = (ms: number | null) => (ms === null ? null : airflow2Time(ms));

function fileloc(dag: DagRecord): string {
  return `${DAGS_FOLDER}/${dag.relativeFileloc}`;
}

/** Airflow's URL-safe signed file token (opaque to clients). */
function fileToken(dag: DagRecord): string {
  const payload = Buffer.from(JSON.stringify(fileloc(dag))).toString(
    'base64url',
  );
  return `${payload}.${stableHex(`file-token:${dag.dagId}`, 27)}`;
}

function nextRun(dag: DagRecord): number | null {
  return dag.isPaused ? null : dag.nextRun;
}

// ------------------------------------------------------------------- Airflow 3 (v2)

/** DagVersionResponse. */
export function dagVersionV2(dag: DagRecord): Json {
  return {
    id: dag.version.id,
    version_number: dag.version.number,
    dag_id: dag.dagId,
    bundle_name: 'dags-folder',
    bundle_version: null,
    created_at: airflow3Time(dag.version.createdAt),
    dag_display_name: dag.dagId,
    bundle_url: null,
  };
}

/** DAGResponse. */
export function dagV2(dag: DagRecord): Json {
  const next = nextRun(dag);
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.dagId,
    is_paused: dag.isPaused,
    is_stale: false,
    last_parsed_time: t3(dag.lastParsedTime),
    last_parse_duration: dag.lastParseDuration,
    last_expired: null,
    bundle_name: 'dags-folder',
    bundle_version: null,
    relative_fileloc: dag.relativeFileloc,
    fileloc: fileloc(dag),
    description: dag.description,
    timetable_summary: dag.schedule,
    timetable_description: dag.scheduleDescription,
    timetable_partitioned: false,
    tags: dag.tags.map(name => ({
      name,
      dag_id: dag.dagId,
      dag_display_name: dag.dagId,
    })),
    max_active_tasks: dag.maxActiveTasks,
    max_active_runs: dag.maxActiveRuns,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun_logical_date: t3(next),
    next_dagrun_data_interval_start: t3(next),
    next_dagrun_data_interval_end: t3(next),
    next_dagrun_run_after: t3(next),
    allowed_run_types: null,
    owners: dag.owners,
    file_token: fileToken(dag),
  };
}

/** DAGDetailsResponse. */
export function dagDetailsV2(dag: DagRecord, activeRuns: number): Json {
  return {
    ...dagV2(dag),
    catchup: false,
    dag_run_timeout: null,
    asset_expression: null,
    doc_md: dag.docMd,
    start_date: airflow3Time(dag.startDate),
    end_date: null,
    is_paused_upon_creation: null,
    params: Object.fromEntries(
      Object.entries(dag.params).map(([key, value]) => [
        key,
        {
          __class: 'airflow.sdk.definitions.param.Param',
          value,
          description: null,
          schema: {},
        },
      ]),
    ),
    render_template_as_native_obj: false,
    template_search_path: null,
    timezone: 'UTC',
    last_parsed: t3(dag.lastParsedTime),
    default_args: {
      owner: dag.owners.join(','),
      retries: dag.tasks[0]?.retries ?? 0,
    },
    owner_links: null,
    is_favorite: false,
    active_runs_count: activeRuns,
    latest_dag_version: dagVersionV2(dag),
    concurrency: dag.maxActiveTasks,
  };
}

function duration(start: number | null, end: number | null): number | null {
  return start !== null && end !== null ? (end - start) / 1000 : null;
}

/** DAGRunResponse. */
export function dagRunV2(dag: DagRecord, run: DagRunRecord): Json {
  return {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: t3(run.logicalDate),
    queued_at: t3(run.queuedAt),
    start_date: t3(run.startDate),
    end_date: t3(run.endDate),
    duration: duration(run.startDate, run.endDate),
    data_interval_start: t3(run.dataIntervalStart),
    data_interval_end: t3(run.dataIntervalEnd),
    run_after: airflow3Time(run.runAfter),
    last_scheduling_decision: t3(run.lastSchedulingDecision),
    run_type: run.runType,
    state: run.state,
    triggered_by: run.triggeredBy,
    triggering_user_name: run.triggeringUserName,
    conf: run.conf,
    note: run.note,
    dag_versions: [dagVersionV2(dag)],
    bundle_version: null,
    dag_display_name: dag.dagId,
    partition_key: null,
  };
}

/** TaskInstanceResponse. */
export function taskInstanceV2(
  dag: DagRecord,
  run: DagRunRecord,
  ti: TaskInstanceTimes,
  index: number,
): Json {
  return {
    id: stableUuid(`airflow-ti:${run.dagId}:${run.runId}:${ti.task.taskId}`),
    task_id: ti.task.taskId,
    dag_id: run.dagId,
    dag_run_id: run.runId,
    map_index: -1,
    logical_date: t3(run.logicalDate),
    run_after: airflow3Time(run.runAfter),
    start_date: t3(ti.startDate),
    end_date: t3(ti.endDate),
    duration: duration(ti.startDate, ti.endDate),
    state: ti.state,
    try_number: ti.tryNumber,
    max_tries: ti.task.retries,
    task_display_name: ti.task.taskId,
    dag_display_name: dag.dagId,
    hostname: ti.hostname,
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: dag.tasks.length - index,
    operator: ti.task.operator,
    operator_name: ti.task.operator,
    queued_when: t3(ti.queuedAt),
    scheduled_when: t3(ti.queuedAt === null ? null : ti.queuedAt - 400),
    pid: ti.pid,
    executor: null,
    executor_config: '{}',
    note: null,
    rendered_map_index: null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
    dag_version: dagVersionV2(dag),
  };
}

// ------------------------------------------------------------------- Airflow 2 (v1)

/** DAG (API v1). */
export function dagV1(dag: DagRecord): Json {
  const next = nextRun(dag);
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.dagId,
    root_dag_id: null,
    is_paused: dag.isPaused,
    is_active: true,
    is_subdag: false,
    last_parsed_time: t2(dag.lastParsedTime),
    last_pickled: null,
    last_expired: null,
    scheduler_lock: null,
    pickle_id: null,
    default_view: 'grid',
    fileloc: fileloc(dag),
    file_token: fileToken(dag),
    owners: dag.owners,
    description: dag.description,
    schedule_interval:
      dag.schedule === null
        ? null
        : { __type: 'CronExpression', value: dag.schedule },
    timetable_description: dag.scheduleDescription,
    tags: dag.tags.map(name => ({ name })),
    max_active_tasks: dag.maxActiveTasks,
    max_active_runs: dag.maxActiveRuns,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun: t2(next),
    next_dagrun_data_interval_start: t2(next),
    next_dagrun_data_interval_end: t2(next),
    next_dagrun_create_after: t2(next),
  };
}

/** DAGDetail (API v1). */
export function dagDetailV1(dag: DagRecord): Json {
  return {
    ...dagV1(dag),
    timezone: "Timezone('UTC')",
    catchup: false,
    orientation: 'LR',
    concurrency: dag.maxActiveTasks,
    start_date: airflow2Time(dag.startDate),
    dag_run_timeout: null,
    dataset_expression: null,
    doc_md: dag.docMd,
    end_date: null,
    is_paused_upon_creation: null,
    last_parsed: t2(dag.lastParsedTime),
    params: Object.fromEntries(
      Object.entries(dag.params).map(([key, value]) => [
        key,
        {
          __class: 'airflow.models.param.Param',
          value,
          description: null,
          schema: {},
        },
      ]),
    ),
    render_template_as_native_obj: false,
    template_search_path: null,
  };
}

/** DAGRun (API v1). */
export function dagRunV1(run: DagRunRecord): Json {
  return {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: t2(run.logicalDate),
    execution_date: t2(run.logicalDate),
    start_date: t2(run.startDate),
    end_date: t2(run.endDate),
    data_interval_start: t2(run.dataIntervalStart),
    data_interval_end: t2(run.dataIntervalEnd),
    last_scheduling_decision: t2(run.lastSchedulingDecision),
    run_type: run.runType,
    state: run.state,
    external_trigger: run.runType === 'manual',
    conf: run.conf,
    note: run.note,
  };
}

/** TaskInstance (API v1). */
export function taskInstanceV1(
  dag: DagRecord,
  run: DagRunRecord,
  ti: TaskInstanceTimes,
  index: number,
): Json {
  return {
    task_id: ti.task.taskId,
    task_display_name: ti.task.taskId,
    dag_id: run.dagId,
    dag_run_id: run.runId,
    execution_date: airflow2Time(run.logicalDate ?? run.runAfter),
    start_date: t2(ti.startDate),
    end_date: t2(ti.endDate),
    duration: duration(ti.startDate, ti.endDate),
    state: ti.state,
    try_number: ti.tryNumber,
    map_index: -1,
    max_tries: ti.task.retries,
    hostname: ti.hostname ?? '',
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: dag.tasks.length - index,
    operator: ti.task.operator,
    queued_when: t2(ti.queuedAt),
    pid: ti.pid,
    executor: null,
    executor_config: '{}',
    sla_miss: null,
    rendered_map_index: null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
    note: null,
  };
}

/** Log lines of a task try (small, plausible, deterministic). */
export function taskLogLines(
  run: DagRunRecord,
  ti: TaskInstanceTimes,
  tryNumber: number,
): Array<{ timestamp: number; level: string; event: string }> {
  const start = ti.startDate ?? run.queuedAt;
  const end = ti.endDate ?? start;
  const lines = [
    {
      timestamp: start,
      level: 'info',
      event: `Executing <Task(${ti.task.operator}): ${
        ti.task.taskId
      }> on ${airflow3Time(run.runAfter)}`,
    },
    {
      timestamp: start + 15,
      level: 'info',
      event: `Running on host ${ti.hostname ?? 'unknown'} (try ${tryNumber})`,
    },
    {
      timestamp: start + 40,
      level: 'info',
      event: `Starting ${ti.task.taskId} for ${run.dagId} run ${run.runId}`,
    },
  ];
  if (tryNumber <= (run.priorTries?.[ti.task.taskId] ?? 0)) {
    // A try from before the run was cleared.
    lines.push({
      timestamp: start + 60,
      level: 'error',
      event: `Task failed (try ${tryNumber}); the run was cleared and the task ran again`,
    });
  } else if (ti.state === 'failed' && tryNumber === ti.tryNumber) {
    lines.push(
      {
        timestamp: end - 500,
        level: 'error',
        event: `Task failed with exception: RuntimeError: ${ti.task.taskId} exited with code 1 (OOMKilled: container exceeded memory limit 8Gi)`,
      },
      {
        timestamp: end,
        level: 'info',
        event: `Marking task as FAILED. dag_id=${run.dagId}, task_id=${ti.task.taskId}, run_id=${run.runId}`,
      },
    );
  } else if (ti.state === 'failed') {
    lines.push({
      timestamp: end - 500,
      level: 'error',
      event: `Task failed (try ${tryNumber}); will retry`,
    });
  } else if (ti.state === 'success') {
    lines.push(
      {
        timestamp: end - 200,
        level: 'info',
        event: 'Done. Returned value was: None',
      },
      {
        timestamp: end,
        level: 'info',
        event: `Marking task as SUCCESS. dag_id=${run.dagId}, task_id=${ti.task.taskId}, run_id=${run.runId}`,
      },
    );
  }
  return lines;
}
