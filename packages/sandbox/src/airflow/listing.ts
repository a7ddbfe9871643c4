import { likeToRegExp } from '../mlflow/filter';
import { AirflowState } from './state';
import { DagRecord, DagRunRecord } from './types';

/** Filters of the DAG list (the union of what v1 and v2 accept). */
export interface DagFilter {
  tags: string[];
  tagsMatchAll: boolean;
  owners: string[];
  dagIdPattern?: string;
  displayNamePattern?: string;
  paused?: boolean;
  lastRunState?: string;
}

/**
 * Airflow's `*_pattern` parameters: SQL LIKE (`%`, `_`) matched as a case-insensitive
 * substring, and `a | b` for OR (Airflow 3.2).
 */
export function patternMatcher(
  pattern: string | undefined,
): ((value: string) => boolean) | undefined {
  if (pattern === undefined || pattern === '') {
    return undefined;
  }
  const parts = pattern
    .split('|')
    .map(p => p.trim())
    .filter(Boolean);
  const regexes = parts.map(p => likeToRegExp(`%${p}%`, true));
  return value => regexes.some(r => r.test(value));
}

/** Applies a DagFilter in DAG-id order. */
export function filterDags(
  state: AirflowState,
  filter: DagFilter,
): DagRecord[] {
  const idMatch = patternMatcher(filter.dagIdPattern);
  const nameMatch = patternMatcher(filter.displayNamePattern);
  return state.dagIds
    .map(id => state.dags.get(id)!)
    .filter(dag => {
      if (filter.paused !== undefined && dag.isPaused !== filter.paused)
        return false;
      if (idMatch && !idMatch(dag.dagId)) return false;
      if (nameMatch && !nameMatch(dag.dagId)) return false;
      if (
        filter.owners.length > 0 &&
        !dag.owners.some(o => filter.owners.includes(o))
      )
        return false;
      if (filter.tags.length > 0) {
        const has = (t: string) => dag.tags.includes(t);
        if (
          filter.tagsMatchAll ? !filter.tags.every(has) : !filter.tags.some(has)
        )
          return false;
      }
      if (
        filter.lastRunState &&
        state.latestRun(dag.dagId)?.state !== filter.lastRunState
      )
        return false;
      return true;
    });
}

/** An order_by that names an unsupported attribute. */
export class OrderByError extends Error {}

type SortValue = string | number | null;

function sortWith<T>(
  items: T[],
  orderBy: string[],
  getters: Record<string, (item: T) => SortValue>,
  tiebreak: (item: T) => SortValue,
): T[] {
  const clauses = orderBy.map(raw => {
    const descending = raw.startsWith('-');
    const key = descending ? raw.slice(1) : raw;
    const get = getters[key];
    if (!get) {
      throw new OrderByError(
        `Ordering with '${key}' is disallowed or the attribute does not exist on the model`,
      );
    }
    return { get, descending };
  });
  clauses.push({ get: tiebreak, descending: false });
  return [...items].sort((a, b) => {
    for (const { get, descending } of clauses) {
      const va = get(a);
      const vb = get(b);
      if (va === vb) continue;
      // NULLs sort last ascending and first descending, like PostgreSQL.
      if (va === null) return descending ? -1 : 1;
      if (vb === null) return descending ? 1 : -1;
      const cmp = va < vb ? -1 : 1;
      return descending ? -cmp : cmp;
    }
    return 0;
  });
}

/** Orders DAGs (`dag_id`, `-dag_id`, `next_dagrun`, `last_run_state`, ...). */
export function sortDags(
  state: AirflowState,
  dags: DagRecord[],
  orderBy: string[],
): DagRecord[] {
  return sortWith(
    dags,
    orderBy,
    {
      dag_id: d => d.dagId,
      dag_display_name: d => d.dagId,
      next_dagrun: d => (d.isPaused ? null : d.nextRun),
      last_run_state: d => state.latestRun(d.dagId)?.state ?? null,
      last_run_start_date: d => state.latestRun(d.dagId)?.startDate ?? null,
      start_date: d => d.startDate,
      is_paused: d => (d.isPaused ? 1 : 0),
    },
    d => d.dagId,
  );
}

/** A date range condition on a run field. */
export interface DateRange {
  field: 'logicalDate' | 'runAfter' | 'startDate' | 'endDate';
  op: 'gte' | 'gt' | 'lte' | 'lt';
  value: number;
}

/** Filters of the DAG-run list. */
export interface RunFilter {
  states: string[];
  runTypes: string[];
  ranges: DateRange[];
  runIdPattern?: string;
  dagIdPattern?: string;
}

/** Applies a RunFilter. */
export function filterRuns(
  runs: DagRunRecord[],
  filter: RunFilter,
): DagRunRecord[] {
  const runIdMatch = patternMatcher(filter.runIdPattern);
  const dagIdMatch = patternMatcher(filter.dagIdPattern);
  return runs.filter(run => {
    if (filter.states.length > 0 && !filter.states.includes(run.state))
      return false;
    if (filter.runTypes.length > 0 && !filter.runTypes.includes(run.runType))
      return false;
    if (runIdMatch && !runIdMatch(run.runId)) return false;
    if (dagIdMatch && !dagIdMatch(run.dagId)) return false;
    for (const range of filter.ranges) {
      const value = run[range.field];
      if (value === null) return false;
      if (range.op === 'gte' && !(value >= range.value)) return false;
      if (range.op === 'gt' && !(value > range.value)) return false;
      if (range.op === 'lte' && !(value <= range.value)) return false;
      if (range.op === 'lt' && !(value < range.value)) return false;
    }
    return true;
  });
}

/** Orders DAG runs (`id`, `-start_date`, `run_after`, `state`, ...). */
export function sortRuns(
  runs: DagRunRecord[],
  orderBy: string[],
): DagRunRecord[] {
  const duration = (r: DagRunRecord) =>
    r.startDate !== null && r.endDate !== null ? r.endDate - r.startDate : null;
  return sortWith(
    runs,
    orderBy,
    {
      id: r => r.id,
      state: r => r.state,
      dag_id: r => r.dagId,
      run_id: r => r.runId,
      dag_run_id: r => r.runId,
      logical_date: r => r.logicalDate,
      execution_date: r => r.logicalDate,
      run_after: r => r.runAfter,
      start_date: r => r.startDate,
      end_date: r => r.endDate,
      updated_at: r => r.endDate ?? r.startDate ?? r.queuedAt,
      duration,
      conf: r => JSON.stringify(r.conf),
    },
    r => r.id,
  );
}

/** Airflow's `[api] maximum_page_limit` (limits above it are clamped). */
export const MAXIMUM_PAGE_LIMIT = 100;
