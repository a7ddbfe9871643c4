import { MlflowRunDetail } from '@mlops-portal/plugin-mlflow-common';

/** One x position of the chart: the step, and each run's value there (keyed by run id). */
export type ChartRow = { step: number } & Record<string, number>;

/** Every metric with a history in any of the runs, by name. */
export function metricKeys(runs: readonly MlflowRunDetail[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) {
    for (const [key, points] of Object.entries(run.metricHistories)) {
      if (points.length > 0) {
        keys.add(key);
      }
    }
  }
  return [...keys].sort((a, b) => a.localeCompare(b));
}

/**
 * The metric to show first: the one with the longest history (a curve says more than the
 * single point of a final metric), ties by name.
 */
export function defaultMetric(
  runs: readonly MlflowRunDetail[],
): string | undefined {
  let best: { key: string; length: number } | undefined;
  for (const key of metricKeys(runs)) {
    const length = Math.max(
      ...runs.map(run => run.metricHistories[key]?.length ?? 0),
    );
    if (!best || length > best.length) {
      best = { key, length };
    }
  }
  return best?.key;
}

/**
 * The rows recharts plots: one per step any run logged, with each run's value at that step.
 * When a run logged a step more than once, its last value wins, as in the MLflow UI.
 */
export function chartRows(
  runs: readonly MlflowRunDetail[],
  metric: string,
): ChartRow[] {
  const byStep = new Map<number, ChartRow>();
  for (const run of runs) {
    for (const point of run.metricHistories[metric] ?? []) {
      let row = byStep.get(point.step);
      if (!row) {
        row = { step: point.step } as ChartRow;
        byStep.set(point.step, row);
      }
      row[run.runId] = point.value;
    }
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}
