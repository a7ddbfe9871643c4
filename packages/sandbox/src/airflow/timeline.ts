import { rngFor } from '../random';
import { SECOND } from '../time';
import { DagRecord, DagRunRecord, TaskInstanceTimes } from './types';

/**
 * Derives the task instances of a run from (seed, run): durations vary with the seed,
 * states follow the run (success → all success; failed → success until failedTask, then
 * failed and upstream_failed; queued → nothing scheduled yet). Computed on demand, so a
 * scaled-up sandbox stores only the runs.
 */
export function taskTimeline(
  seed: number,
  dag: DagRecord,
  run: DagRunRecord,
): TaskInstanceTimes[] {
  // Tries from before the run was last cleared count on.
  const prior = (task: { taskId: string }) =>
    run.priorTries?.[task.taskId] ?? 0;
  if (run.startDate === null) {
    return dag.tasks.map(task => ({
      task,
      state: null,
      tryNumber: prior(task),
      queuedAt: null,
      startDate: null,
      endDate: null,
      hostname: null,
      pid: null,
    }));
  }
  if (run.state === 'running' && run.endDate === null) {
    // Started by the sandbox's scheduler and not finished: the first task runs, the rest wait.
    return dag.tasks.map((task, index) => ({
      task,
      state: index === 0 ? 'running' : null,
      tryNumber: prior(task) + (index === 0 ? 1 : 0),
      queuedAt: index === 0 ? run.startDate : null,
      startDate: index === 0 ? run.startDate : null,
      endDate: null,
      hostname: null,
      pid: null,
    }));
  }
  const rng = rngFor(seed, `airflow-ti:${run.dagId}:${run.timelineKey}`);
  let cursor = run.startDate;
  let failed = false;
  return dag.tasks.map(task => {
    const duration = Math.round(
      task.meanSeconds * rng.float(0.7, 1.3) * SECOND,
    );
    const queuedAt = cursor + rng.int(200, 1500);
    const startDate = queuedAt + rng.int(500, 3000);
    const pid = rng.int(1000, 65000);
    const hostname = `${run.dagId.replace(/_/g, '-').slice(0, 30)}-${task.taskId
      .replace(/_/g, '-')
      .slice(0, 20)}-${pid.toString(36)}`;
    if (failed) {
      return {
        task,
        state: 'upstream_failed',
        tryNumber: 0,
        queuedAt: null,
        startDate: null,
        endDate: null,
        hostname: null,
        pid: null,
      };
    }
    if (task.taskId === run.failedTask) {
      failed = true;
      const endDate = startDate + Math.round(duration * 0.4);
      cursor = endDate;
      return {
        task,
        state: 'failed',
        tryNumber: prior(task) + task.retries + 1,
        queuedAt,
        startDate,
        endDate,
        hostname,
        pid,
      };
    }
    const endDate = startDate + duration;
    cursor = endDate;
    return {
      task,
      state: 'success',
      tryNumber: prior(task) + 1,
      queuedAt,
      startDate,
      endDate,
      hostname,
      pid,
    };
  });
}

/** End of the last task that ran, plus scheduler lag: the run's end date. */
export function runEndFromTimeline(
  timeline: TaskInstanceTimes[],
): number | null {
  let end: number | null = null;
  for (const ti of timeline) {
    if (ti.endDate !== null) {
      end = ti.endDate;
    }
  }
  return end === null ? null : end + 1200;
}
