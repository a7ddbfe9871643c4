import { MlflowRunSummary } from '@mlops-portal/plugin-mlflow-common';

/** What a runs-table column sorts by. */
export type RunsSortField =
  | { type: 'attribute'; key: 'start_time' }
  | { type: 'metric'; key: string }
  | { type: 'param'; key: string };

/** The sort of the runs table. */
export interface RunsSort {
  field: RunsSortField;
  direction: 'ASC' | 'DESC';
}

/** MLflow's own default: newest first. */
export const DEFAULT_RUNS_SORT: RunsSort = {
  field: { type: 'attribute', key: 'start_time' },
  direction: 'DESC',
};

const PREFIX = { attribute: 'attributes', metric: 'metrics', param: 'params' };

/**
 * An MLflow `order_by` clause, e.g. `metrics.auc DESC`. Keys that are not plain identifiers
 * (`train/loss`, `f1 score`) are backtick-quoted, as MLflow's search grammar requires.
 */
export function orderByClause(sort: RunsSort): string {
  return `${PREFIX[sort.field.type]}.${quoteKey(sort.field.key)} ${
    sort.direction
  }`;
}

function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``;
}

/** Whether two sort fields name the same column. */
export function sameField(a: RunsSortField, b: RunsSortField): boolean {
  return a.type === b.type && a.key === b.key;
}

/**
 * The sort after a click on a column header: the same column flips direction; another column
 * starts with the direction one usually wants first (best metric, newest run, A→Z param).
 */
export function nextSort(current: RunsSort, field: RunsSortField): RunsSort {
  if (sameField(current.field, field)) {
    return { field, direction: current.direction === 'DESC' ? 'ASC' : 'DESC' };
  }
  return { field, direction: field.type === 'param' ? 'ASC' : 'DESC' };
}

/**
 * The metric or param keys on a page, most common first (ties by name), so the default
 * columns are the ones most runs have.
 */
export function keysByFrequency(
  runs: readonly MlflowRunSummary[],
  pick: (run: MlflowRunSummary) => Record<string, unknown>,
): string[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    for (const key of Object.keys(pick(run))) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort(([a, ca], [b, cb]) => cb - ca || a.localeCompare(b))
    .map(([key]) => key);
}
