import {
  AirflowDagHealth,
  AirflowDagView,
  AirflowRunView,
  AirflowTaskInstanceView,
  AirflowUiApiVersion,
  AirflowWriteAuthority,
  airflowUiLinks,
} from '@mlops-portal/plugin-airflow-common';
import type {
  AirflowDag,
  AirflowDagRun,
  AirflowTaskInstance,
} from '@mlops-portal/plugin-airflow-node';

/** What links need: the instance's UI and the API version it serves (the UIs differ). */
export interface UiContext {
  uiUrl: string;
  apiVersion: AirflowUiApiVersion;
}

/** How many recent runs the health summary reads. */
export const HEALTH_RUNS = 10;

/**
 * The order "newest first": Airflow 3 runs may have no logical date (asset-triggered ones), but
 * every run has a `run_after`; Airflow 2 has no `run_after`.
 */
export function newestFirst(apiVersion: AirflowUiApiVersion): string {
  return apiVersion === 'v1' ? '-logical_date' : '-run_after';
}

/** A DAG's health from its most recent runs, newest first. */
export function dagHealth(
  dag: AirflowDag,
  recentRuns: readonly AirflowDagRun[],
): AirflowDagHealth {
  const [last] = recentRuns;
  const firstNotFailed = recentRuns.findIndex(run => run.state !== 'failed');
  const lastRunAt = last?.startDate ?? last?.logicalDate;
  return {
    ...(last?.state && { lastRunState: last.state }),
    ...(lastRunAt && { lastRunAt }),
    ...(!dag.isPaused &&
      dag.nextRunAfter && { nextRunAfter: dag.nextRunAfter }),
    failureStreak: firstNotFailed === -1 ? recentRuns.length : firstNotFailed,
  };
}

/** A DAG as the entity page shows it. */
export function toDagView(
  dag: AirflowDag,
  ui: UiContext,
  health: AirflowDagHealth,
  authority: AirflowWriteAuthority,
): AirflowDagView {
  return {
    dagId: dag.dagId,
    displayName: dag.displayName,
    ...(dag.description && { description: dag.description }),
    isPaused: dag.isPaused,
    owners: dag.owners,
    tags: dag.tags,
    ...(dag.schedule && { schedule: dag.schedule }),
    ...(dag.scheduleDescription && {
      scheduleDescription: dag.scheduleDescription,
    }),
    ...(dag.fileloc && { fileloc: dag.fileloc }),
    ...(dag.hasImportErrors !== undefined && {
      hasImportErrors: dag.hasImportErrors,
    }),
    url: airflowUiLinks.dag(ui.uiUrl, ui.apiVersion, dag.dagId),
    health,
    authority,
  };
}

/** A DAG run as the entity page shows it. */
export function toRunView(run: AirflowDagRun, ui: UiContext): AirflowRunView {
  const durationMs = between(run.startDate, run.endDate);
  return {
    dagId: run.dagId,
    runId: run.runId,
    ...(run.state && { state: run.state }),
    ...(run.runType && { runType: run.runType }),
    ...(run.logicalDate && { logicalDate: run.logicalDate }),
    ...(run.startDate && { startDate: run.startDate }),
    ...(run.endDate && { endDate: run.endDate }),
    ...(durationMs !== undefined && { durationMs }),
    ...(run.note && { note: run.note }),
    url: airflowUiLinks.run(ui.uiUrl, ui.apiVersion, run.dagId, run.runId),
  };
}

/** A task instance as the task grid shows it. */
export function toTaskInstanceView(
  dagId: string,
  runId: string,
  task: AirflowTaskInstance,
  ui: UiContext,
): AirflowTaskInstanceView {
  // Seconds as Airflow reports them; one that is negative or beyond a double once in
  // milliseconds is not a duration.
  const ms =
    task.durationSeconds === undefined
      ? undefined
      : Math.round(task.durationSeconds * 1000);
  const durationMs =
    ms !== undefined && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
  return {
    taskId: task.taskId,
    displayName: task.displayName,
    mapIndex: task.mapIndex,
    ...(task.state && { state: task.state }),
    tryNumber: task.tryNumber,
    // Airflow's max_tries counts the retries; the first try comes on top.
    ...(task.maxTries !== undefined && { maxTries: task.maxTries + 1 }),
    ...(task.operator && { operator: task.operator }),
    ...(task.startDate && { startDate: task.startDate }),
    ...(task.endDate && { endDate: task.endDate }),
    ...(durationMs !== undefined && { durationMs }),
    url: airflowUiLinks.taskInstance(ui.uiUrl, ui.apiVersion, {
      dagId,
      runId,
      taskId: task.taskId,
      mapIndex: task.mapIndex,
    }),
  };
}

/** end - start in milliseconds, when both are dates and end is not before start. */
function between(start?: string, end?: string): number | undefined {
  if (!start || !end) {
    return undefined;
  }
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
