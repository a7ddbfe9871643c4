import { stableHex } from '../ids';
import { rngFor } from '../random';
import { SECOND, isoZ } from '../time';
import { KfpTaskDefinition, KfpTaskDetail, RuntimeState } from './types';

/** Times of one executed pipeline task. */
export interface KfpTaskTimes {
  name: string;
  state: RuntimeState;
  createdAt: number;
  startedAt: number;
  finishedAt: number | null;
}

/** How a run ends: finished, failed at a task, or still running a task. */
export interface KfpRunOutcome {
  state: 'SUCCEEDED' | 'FAILED' | 'RUNNING';
  /** Failing task (FAILED) or running task (RUNNING). */
  atTask?: string;
}

/**
 * Derives the executed tasks of a run from (seed, run id): durations vary with the seed;
 * tasks after a failing or running task have not been created yet, as in KFP v2.
 */
export function kfpTaskTimeline(
  seed: number,
  runId: string,
  startedAt: number,
  tasks: KfpTaskDefinition[],
  outcome: KfpRunOutcome,
): KfpTaskTimes[] {
  const rng = rngFor(seed, `kfp-tasks:${runId}`);
  const result: KfpTaskTimes[] = [];
  let cursor = startedAt;
  for (const task of tasks) {
    const createdAt = cursor + rng.int(1000, 4000);
    const start = createdAt + rng.int(3000, 15000);
    const duration = Math.round(
      task.meanSeconds * rng.float(0.7, 1.3) * SECOND,
    );
    if (outcome.atTask === task.name && outcome.state === 'RUNNING') {
      result.push({
        name: task.name,
        state: 'RUNNING',
        createdAt,
        startedAt: start,
        finishedAt: null,
      });
      break;
    }
    if (outcome.atTask === task.name && outcome.state === 'FAILED') {
      const end = start + Math.round(duration * 0.3);
      result.push({
        name: task.name,
        state: 'FAILED',
        createdAt,
        startedAt: start,
        finishedAt: end,
      });
      break;
    }
    const end = start + duration;
    result.push({
      name: task.name,
      state: 'SUCCEEDED',
      createdAt,
      startedAt: start,
      finishedAt: end,
    });
    cursor = end;
  }
  return result;
}

/** KFP serialises unset timestamps as the Unix epoch. */
export const KFP_UNSET_TIME = '1970-01-01T00:00:00Z';

/** The task_details of a run, from its timeline. */
export function kfpTaskDetails(
  runId: string,
  timeline: KfpTaskTimes[],
): KfpTaskDetail[] {
  return timeline.map((t, i) => {
    const detail: KfpTaskDetail = {
      run_id: runId,
      task_id: stableHex(`kfp-task:${runId}:${t.name}`, 32).replace(
        /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
        '$1-$2-$3-$4-$5',
      ),
      display_name: t.name,
      create_time: isoZ(t.createdAt),
      start_time: isoZ(t.startedAt),
      end_time: t.finishedAt === null ? KFP_UNSET_TIME : isoZ(t.finishedAt),
      state: t.state,
      execution_id: String(
        1000 +
          (parseInt(stableHex(`kfp-exec:${runId}`, 6), 16) % 90000) * 10 +
          i,
      ),
      pod_name: `${t.name}-${stableHex(`kfp-pod:${runId}:${t.name}`, 5)}`,
    };
    if (t.state === 'FAILED') {
      detail.error = {
        code: 2,
        message: `task ${t.name} failed: container exited with code 1`,
      };
    }
    return detail;
  });
}
