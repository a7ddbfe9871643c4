import {
  MLFLOW_STAGES,
  MlflowMetricPoint,
  MlflowModelVersionStatus,
  MlflowModelVersionView,
  MlflowModelView,
  MlflowRunDetail,
  MlflowRunStatus,
  MlflowRunSummary,
  MlflowStage,
  mlflowUiLinks,
} from '@mlops-portal/plugin-mlflow-common';
import type {
  MlflowMetric,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
  MlflowTag,
} from '@mlops-portal/plugin-mlflow-node';
import { deepFreeze } from '@mlops-portal/plugin-mlops-node';

/** What a view needs to know about the instance it came from. */
export interface ViewContext {
  /** The instance's MLflow UI, for links. */
  uiUrl: string;
  /** Stages are an MLflow 2.x feature; they are left out on 3.x. */
  majorVersion: 2 | 3;
}

const RUN_STATUSES: ReadonlySet<string> = new Set<MlflowRunStatus>([
  'RUNNING',
  'SCHEDULED',
  'FINISHED',
  'FAILED',
  'KILLED',
]);

const VERSION_STATUSES: ReadonlySet<string> = new Set<MlflowModelVersionStatus>(
  ['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY'],
);

const summariesByRuns = new WeakMap<
  readonly MlflowRun[],
  { uiUrl: string; majorVersion: 2 | 3; rows: MlflowRunSummary[] }
>();

/**
 * Maps a page of upstream runs to runs-table rows, once per page: a cached page is one frozen
 * array shared by every read of it (the kit's read cache), so its rows are derived once per
 * load — never staler than the page itself — instead of on every request.
 */
export function toRunSummaries(
  runs: readonly MlflowRun[],
  ctx: ViewContext,
): MlflowRunSummary[] {
  const known = summariesByRuns.get(runs);
  if (
    known &&
    known.uiUrl === ctx.uiUrl &&
    known.majorVersion === ctx.majorVersion
  ) {
    return known.rows;
  }
  const rows = runs.map(run => toRunSummary(run, ctx));
  // Only a frozen page is the read cache's shared value; any other array may change under us.
  if (Object.isFrozen(runs)) {
    summariesByRuns.set(runs, {
      uiUrl: ctx.uiUrl,
      majorVersion: ctx.majorVersion,
      rows: deepFreeze(rows),
    });
  }
  return rows;
}

/** Maps an upstream run to a runs-table row. */
export function toRunSummary(
  run: MlflowRun,
  ctx: ViewContext,
): MlflowRunSummary {
  const { info } = run;
  const runId = info.run_id || info.run_uuid || '';
  const tags = toRecord(run.data?.tags);
  const startTime = info.start_time || undefined;
  const endTime = info.end_time || undefined;
  return {
    runId,
    runName: info.run_name || tags['mlflow.runName'] || undefined,
    experimentId: info.experiment_id,
    // The proto default; MLflow always sets it, a partial payload may not.
    status: RUN_STATUSES.has(info.status ?? '')
      ? (info.status as MlflowRunStatus)
      : 'RUNNING',
    startTime,
    endTime,
    durationMs:
      startTime !== undefined && endTime !== undefined
        ? endTime - startTime
        : undefined,
    // `user_id` is deprecated upstream and often empty; the tag is what the UI shows.
    user: tags['mlflow.user'] || info.user_id || undefined,
    metrics: Object.fromEntries(
      (run.data?.metrics ?? []).map(m => [m.key, toNumber(m.value)]),
    ),
    params: toRecord(run.data?.params),
    tags,
    url: mlflowUiLinks.run(ctx.uiUrl, info.experiment_id, runId),
  };
}

/** Maps an upstream run and its metric histories to a run detail. */
export function toRunDetail(
  run: MlflowRun,
  histories: Record<string, MlflowMetric[]>,
  ctx: ViewContext,
): MlflowRunDetail {
  return {
    ...toRunSummary(run, ctx),
    metricHistories: Object.fromEntries(
      Object.entries(histories).map(([key, points]) => [
        key,
        toMetricPoints(points),
      ]),
    ),
  };
}

/** Metric points ordered by step, then time (MLflow returns them in insertion order). */
export function toMetricPoints(points: MlflowMetric[]): MlflowMetricPoint[] {
  return points
    .map(p => ({
      step: p.step ?? 0,
      value: toNumber(p.value),
      timestamp: p.timestamp,
    }))
    .sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
}

/** Maps a registered model and all its versions to the model card's view. */
export function toModelView(
  model: MlflowRegisteredModel,
  versions: MlflowModelVersion[],
  ctx: ViewContext & {
    /** Run id → experiment id, for links to the source runs that could be resolved. */
    runExperiments?: ReadonlyMap<string, string>;
  },
): MlflowModelView {
  const aliases = Object.fromEntries(
    (model.aliases ?? []).map(a => [a.alias, String(a.version)]),
  );
  const aliasesByVersion = new Map<string, Set<string>>();
  const addAlias = (version: string, alias: string) => {
    const set = aliasesByVersion.get(version) ?? new Set<string>();
    set.add(alias);
    aliasesByVersion.set(version, set);
  };
  for (const [alias, version] of Object.entries(aliases)) {
    addAlias(version, alias);
  }
  for (const version of versions) {
    for (const alias of version.aliases ?? []) {
      // The model's alias list is authoritative; a version's own list may lag behind it.
      if (!Object.hasOwn(aliases, alias)) {
        addAlias(version.version, alias);
      }
    }
  }

  const views = versions
    .map(version =>
      toModelVersionView(version, {
        ...ctx,
        aliases: [...(aliasesByVersion.get(version.version) ?? [])].sort(),
      }),
    )
    .sort((a, b) => compareVersionsDescending(a.version, b.version));

  return {
    name: model.name,
    description: model.description || undefined,
    tags: toRecord(model.tags),
    aliases,
    versions: views,
    url: mlflowUiLinks.model(ctx.uiUrl, model.name),
    stagesSupported: ctx.majorVersion === 2,
  };
}

function toModelVersionView(
  version: MlflowModelVersion,
  ctx: ViewContext & {
    aliases: string[];
    runExperiments?: ReadonlyMap<string, string>;
  },
): MlflowModelVersionView {
  const runId = version.run_id || undefined;
  const experimentId = runId ? ctx.runExperiments?.get(runId) : undefined;
  return {
    version: version.version,
    stage: ctx.majorVersion === 2 ? toStage(version.current_stage) : undefined,
    status: VERSION_STATUSES.has(version.status ?? '')
      ? (version.status as MlflowModelVersionStatus)
      : 'READY',
    statusMessage: version.status_message || undefined,
    aliases: ctx.aliases,
    tags: toRecord(version.tags),
    description: version.description || undefined,
    runId,
    runUrl:
      runId && experimentId
        ? mlflowUiLinks.run(ctx.uiUrl, experimentId, runId)
        : version.run_link || undefined,
    source: version.source || undefined,
    createdAt: version.creation_timestamp || undefined,
    updatedAt: version.last_updated_timestamp || undefined,
  };
}

/** The stage as the portal names it; MLflow accepts any casing on input. */
export function toStage(stage: string | undefined): MlflowStage | undefined {
  if (!stage) {
    return undefined;
  }
  return MLFLOW_STAGES.find(s => s.toLowerCase() === stage.toLowerCase());
}

/** Newest version first; MLflow versions are increasing integers kept as strings. */
function compareVersionsDescending(a: string, b: string): number {
  const diff = Number(b) - Number(a);
  return Number.isNaN(diff) ? b.localeCompare(a) : diff;
}

function toRecord(items: MlflowTag[] | undefined): Record<string, string> {
  return Object.fromEntries((items ?? []).map(t => [t.key, t.value]));
}

/** MLflow's JSON writer sends non-finite doubles as strings ("NaN", "Infinity"). */
function toNumber(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}
