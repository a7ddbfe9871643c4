/**
 * The colour family of a run, task or model-version status, whatever system reported it;
 * `warning` is for something that works but not as it should (a degraded model server), which
 * no upstream status word maps to, so only a `category` override picks it.
 *
 * @public
 */
export type RunStatusCategory =
  | 'ok'
  | 'running'
  | 'pending'
  | 'warning'
  | 'error'
  | 'neutral';

// Keys are upper-case with separators removed, so `up_for_retry`, `UP-FOR-RETRY` and
// `UpForRetry` all match.
const CATEGORIES: Record<string, RunStatusCategory> = {
  // MLflow runs: FINISHED, RUNNING, SCHEDULED, FAILED, KILLED
  // MLflow model versions: READY, PENDING_REGISTRATION, FAILED_REGISTRATION
  FINISHED: 'ok',
  READY: 'ok',
  RUNNING: 'running',
  SCHEDULED: 'pending',
  PENDINGREGISTRATION: 'pending',
  FAILED: 'error',
  FAILEDREGISTRATION: 'error',
  KILLED: 'error',
  // Airflow DAG runs and task instances
  SUCCESS: 'ok',
  QUEUED: 'pending',
  UPFORRETRY: 'pending',
  UPFORRESCHEDULE: 'pending',
  DEFERRED: 'pending',
  RESTARTING: 'running',
  UPSTREAMFAILED: 'error',
  SKIPPED: 'neutral',
  REMOVED: 'neutral',
  NONE: 'neutral',
  // Kubeflow Pipelines v2 runtime states
  SUCCEEDED: 'ok',
  PENDING: 'pending',
  PAUSED: 'pending',
  CANCELING: 'running',
  CANCELED: 'error',
  CANCELLED: 'error',
  RUNTIMESTATEUNSPECIFIED: 'neutral',
  // KServe InferenceService readiness (the `Ready` condition, and what kubectl prints)
  TRUE: 'ok',
  FALSE: 'error',
  UNKNOWN: 'pending',
  NOTREADY: 'error',
  // Generic words
  OK: 'ok',
  COMPLETED: 'ok',
  ERROR: 'error',
  TERMINATED: 'error',
  STARTING: 'pending',
  WAITING: 'pending',
};

/**
 * Maps a status of MLflow (runs, model versions), Airflow (DAG runs, tasks), Kubeflow
 * Pipelines (runs) or KServe (readiness) to its colour family; unknown statuses are `neutral`.
 *
 * @public
 */
export function runStatusCategory(
  status: string | undefined | null,
): RunStatusCategory {
  if (!status) {
    return 'neutral';
  }
  const key = status.toUpperCase().replace(/[^A-Z]/g, '');
  return CATEGORIES[key] ?? 'neutral';
}
