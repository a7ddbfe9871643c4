import { compareStrings } from '../compare';
import {
  Comparison,
  FilterError,
  OrderClause,
  matches,
  parseFilter,
  parseOrderBy,
} from './filter';
import { invalidParameter } from './errors';
import {
  ExperimentRecord,
  ModelVersionRecord,
  RegisteredModelRecord,
  RunRecord,
  runData,
} from './types';

/** Parses a filter or throws MLflow's INVALID_PARAMETER_VALUE. */
function parse<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FilterError) {
      throw invalidParameter(error.message);
    }
    throw error;
  }
}

type Value = string | number | undefined;

function requireAllowed(
  c: { entity: string; key: string },
  allowed: Record<string, string[]>,
  what: string,
): void {
  const keys = allowed[c.entity];
  if (!keys) {
    throw invalidParameter(`Invalid entity type '${c.entity}' for ${what}.`);
  }
  if (keys.length > 0 && !keys.includes(c.key)) {
    throw invalidParameter(
      `Invalid attribute key '${
        c.key
      }' specified. Valid keys are '${JSON.stringify(keys)}'`,
    );
  }
}

function requireComparators(c: Comparison, allowed: string[]): void {
  if (!allowed.includes(c.op)) {
    throw invalidParameter(
      `Invalid comparator '${c.op}' not one of '${JSON.stringify(allowed)}'`,
    );
  }
}

const STRING_OPS = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMERIC_OPS = ['=', '!=', '>', '>=', '<', '<='];

/** Sorts with clauses and tiebreaks; missing values last (as MLflow's SQL stores do). */
function sortBy<T>(
  items: T[],
  clauses: Array<{ value: (item: T) => Value; ascending: boolean }>,
): T[] {
  return items.sort((a, b) => {
    for (const clause of clauses) {
      const va = clause.value(a);
      const vb = clause.value(b);
      if (va === vb) continue;
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      const cmp = va < vb ? -1 : 1;
      return clause.ascending ? cmp : -cmp;
    }
    return 0;
  });
}

// ---------------------------------------------------------------------------- runs

const RUN_ATTRIBUTES = [
  'run_id',
  'run_name',
  'status',
  'user_id',
  'start_time',
  'end_time',
  'artifact_uri',
  'experiment_id',
  'lifecycle_stage',
];
const RUN_NUMERIC_ATTRIBUTES = ['start_time', 'end_time'];

function runValue(run: RunRecord, entity: string, key: string): Value {
  switch (entity) {
    case 'metric':
      return runData(run).metrics.find(m => m.key === key)?.value;
    case 'param':
      return runData(run).params.find(p => p.key === key)?.value;
    case 'tag':
      return runData(run).tags.find(t => t.key === key)?.value;
    default:
      switch (key) {
        case 'run_id':
          return run.runId;
        case 'run_name':
          return run.runName;
        case 'status':
          return run.status;
        case 'user_id':
          return run.userId;
        case 'start_time':
          return run.startTime;
        case 'end_time':
          return run.endTime ?? undefined;
        case 'artifact_uri':
          return run.artifactUri;
        case 'experiment_id':
          return run.experimentId;
        case 'lifecycle_stage':
          return run.lifecycleStage;
        default:
          return undefined;
      }
  }
}

/** Filters and orders runs like `runs/search`. */
export function searchRuns(
  runs: RunRecord[],
  filter: string | undefined,
  orderBy: string[],
): RunRecord[] {
  const comparisons = parse(() => parseFilter(filter));
  for (const c of comparisons) {
    if (c.entity === 'attribute') {
      requireAllowed(c, { attribute: RUN_ATTRIBUTES }, 'runs');
      if (RUN_NUMERIC_ATTRIBUTES.includes(c.key)) {
        requireComparators(c, NUMERIC_OPS);
      } else {
        requireComparators(c, ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN']);
      }
    } else if (c.entity === 'metric') {
      requireComparators(c, NUMERIC_OPS);
      if (typeof c.value !== 'number') {
        throw invalidParameter(
          `Expected numeric value type for metric. Found ${String(c.value)}`,
        );
      }
    } else {
      requireComparators(c, [...STRING_OPS, 'IN', 'NOT IN']);
      if (typeof c.value === 'number') {
        throw invalidParameter(
          `Parameter value is either not quoted or unidentified quote types used for string value ${c.value}. Use either single or double quotes.`,
        );
      }
    }
  }
  const clauses = orderBy.map(o => {
    const clause = parse(() => parseOrderBy(o));
    if (clause.entity === 'attribute') {
      requireAllowed(clause, { attribute: RUN_ATTRIBUTES }, 'runs');
    }
    return {
      value: (r: RunRecord) => runValue(r, clause.entity, clause.key),
      ascending: clause.ascending,
    };
  });
  const filtered = runs.filter(run =>
    comparisons.every(c => matches(c, runValue(run, c.entity, c.key))),
  );
  return sortBy(filtered, [
    ...clauses,
    { value: r => r.startTime, ascending: false },
    { value: r => r.runId, ascending: true },
  ]);
}

// ---------------------------------------------------------------------- experiments

function experimentValue(
  e: ExperimentRecord,
  entity: string,
  key: string,
): Value {
  if (entity === 'tag') return e.tags.find(t => t.key === key)?.value;
  switch (key) {
    case 'name':
      return e.name;
    case 'experiment_id':
      return Number(e.experimentId);
    case 'creation_time':
      return e.creationTime;
    case 'last_update_time':
      return e.lastUpdateTime;
    default:
      return undefined;
  }
}

/** Filters and orders experiments like `experiments/search`. */
export function searchExperiments(
  experiments: ExperimentRecord[],
  filter: string | undefined,
  orderBy: string[],
): ExperimentRecord[] {
  const comparisons = parse(() => parseFilter(filter));
  for (const c of comparisons) {
    requireAllowed(
      c,
      { attribute: ['name', 'creation_time', 'last_update_time'], tag: [] },
      'experiments',
    );
    requireComparators(
      c,
      c.key === 'name' || c.entity === 'tag' ? STRING_OPS : NUMERIC_OPS,
    );
  }
  const clauses = (
    orderBy.length > 0 ? orderBy : ['creation_time DESC', 'experiment_id ASC']
  ).map(o => {
    const clause: OrderClause = parse(() => parseOrderBy(o));
    requireAllowed(
      clause,
      {
        attribute: [
          'name',
          'experiment_id',
          'creation_time',
          'last_update_time',
        ],
      },
      'experiments',
    );
    return {
      value: (e: ExperimentRecord) =>
        experimentValue(e, clause.entity, clause.key),
      ascending: clause.ascending,
    };
  });
  const filtered = experiments.filter(e =>
    comparisons.every(c => matches(c, experimentValue(e, c.entity, c.key))),
  );
  return sortBy(filtered, [
    ...clauses,
    { value: e => Number(e.experimentId), ascending: true },
  ]);
}

// ------------------------------------------------------------------ registered models

function modelValue(
  m: RegisteredModelRecord,
  entity: string,
  key: string,
): Value {
  if (entity === 'tag') return m.tags.get(key);
  switch (key) {
    case 'name':
      return m.name;
    case 'timestamp':
    case 'last_updated_timestamp':
      return m.lastUpdatedTimestamp;
    case 'creation_timestamp':
      return m.creationTimestamp;
    default:
      return undefined;
  }
}

/**
 * Filters and orders registered models. `sortedNames` is the precomputed name order, so
 * the default search (no order_by) costs one pass over the names and no sort.
 */
export function searchRegisteredModels(
  models: Map<string, RegisteredModelRecord>,
  sortedNames: string[],
  filter: string | undefined,
  orderBy: string[],
): RegisteredModelRecord[] {
  const comparisons = parse(() => parseFilter(filter));
  for (const c of comparisons) {
    requireAllowed(c, { attribute: ['name'], tag: [] }, 'registered models');
    requireComparators(c, STRING_OPS);
  }
  // Fast path: name = 'x' is a map lookup.
  if (
    comparisons.length === 1 &&
    comparisons[0].entity === 'attribute' &&
    comparisons[0].op === '='
  ) {
    const model = models.get(String(comparisons[0].value));
    return model ? [model] : [];
  }
  const clauses = orderBy.map(o => {
    const clause = parse(() => parseOrderBy(o));
    requireAllowed(
      clause,
      {
        attribute: [
          'name',
          'timestamp',
          'last_updated_timestamp',
          'creation_timestamp',
        ],
      },
      'registered models',
    );
    return {
      value: (m: RegisteredModelRecord) =>
        modelValue(m, clause.entity, clause.key),
      ascending: clause.ascending,
    };
  });
  const result: RegisteredModelRecord[] = [];
  for (const name of sortedNames) {
    const model = models.get(name)!;
    if (
      comparisons.every(c => matches(c, modelValue(model, c.entity, c.key)))
    ) {
      result.push(model);
    }
  }
  const onlyNameAsc =
    clauses.length === 0 ||
    (orderBy.length === 1 && /^\s*name(\s+asc)?\s*$/i.test(orderBy[0]));
  return onlyNameAsc
    ? result
    : sortBy(result, [...clauses, { value: m => m.name, ascending: true }]);
}

// -------------------------------------------------------------------- model versions

function versionValue(
  v: ModelVersionRecord,
  entity: string,
  key: string,
): Value {
  if (entity === 'tag') return v.tags.get(key);
  switch (key) {
    case 'name':
      return v.name;
    case 'version_number':
      return v.version;
    case 'run_id':
      return v.runId;
    case 'source_path':
      return v.source;
    case 'creation_timestamp':
      return v.creationTimestamp;
    case 'last_updated_timestamp':
    case 'timestamp':
      return v.lastUpdatedTimestamp;
    case 'current_stage':
      return v.currentStage;
    default:
      return undefined;
  }
}

/** What searchModelVersions needs from the state. */
export interface VersionSource {
  allVersions(): ModelVersionRecord[];
  versionsOfRun(runId: string): ModelVersionRecord[];
  models: Map<string, RegisteredModelRecord>;
}

/**
 * Filters and orders model versions. `name = 'x'` and `run_id = 'x'` use indexes, so the
 * common lookups are O(versions of that model) even with 50,000 versions.
 */
export function searchModelVersions(
  source: VersionSource,
  filter: string | undefined,
  orderBy: string[],
): ModelVersionRecord[] {
  const comparisons = parse(() => parseFilter(filter));
  for (const c of comparisons) {
    requireAllowed(
      c,
      {
        attribute: ['name', 'version_number', 'run_id', 'source_path'],
        tag: [],
      },
      'model versions',
    );
    if (c.key === 'version_number') {
      requireComparators(c, NUMERIC_OPS);
    } else if (c.key === 'run_id') {
      requireComparators(c, ['=', '!=', 'IN']);
    } else {
      requireComparators(c, [...STRING_OPS, 'IN']);
    }
  }
  let candidates: ModelVersionRecord[];
  const byName = comparisons.find(
    c => c.entity === 'attribute' && c.key === 'name' && c.op === '=',
  );
  const byRun = comparisons.find(
    c => c.entity === 'attribute' && c.key === 'run_id' && c.op === '=',
  );
  if (byName) {
    const versions = source.models.get(String(byName.value))?.versions ?? [];
    candidates = [...versions].reverse();
  } else if (byRun) {
    candidates = [...source.versionsOfRun(String(byRun.value))].sort(
      (a, b) => compareStrings(a.name, b.name) || b.version - a.version,
    );
  } else {
    candidates = source.allVersions();
  }
  const filtered =
    comparisons.length === 0
      ? candidates
      : candidates.filter(v =>
          comparisons.every(c => matches(c, versionValue(v, c.entity, c.key))),
        );
  if (orderBy.length === 0) {
    return filtered;
  }
  const clauses = orderBy.map(o => {
    const clause = parse(() => parseOrderBy(o));
    requireAllowed(
      clause,
      {
        attribute: [
          'name',
          'version_number',
          'creation_timestamp',
          'last_updated_timestamp',
          'timestamp',
          'current_stage',
          'run_id',
        ],
      },
      'model versions',
    );
    return {
      value: (v: ModelVersionRecord) =>
        versionValue(v, clause.entity, clause.key),
      ascending: clause.ascending,
    };
  });
  return sortBy(
    [...filtered],
    [
      ...clauses,
      { value: v => v.name, ascending: true },
      { value: v => v.version, ascending: false },
    ],
  );
}
