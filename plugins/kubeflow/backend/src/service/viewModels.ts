import {
  KubeflowExperimentView,
  KubeflowPipelineVersionView,
  KubeflowPipelineView,
  KubeflowRecurringRunView,
  KubeflowRunView,
  KubeflowSchedule,
  KubeflowTaskNode,
  kubeflowUiLinks,
  KubeflowWriteAuthority,
} from '@mlops-portal/plugin-kubeflow-common';
import type {
  KubeflowExperiment,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
  KubeflowSpecTask,
  KubeflowTaskDetail,
} from '@mlops-portal/plugin-kubeflow-node';

/**
 * A time as the page shows it: KFP writes unset timestamps as the Unix epoch
 * (`1970-01-01T00:00:00Z`), which is no time at all.
 *
 * @internal
 */
export function knownTime(iso: string | undefined): string | undefined {
  if (iso === undefined) {
    return undefined;
  }
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms > 0 ? iso : undefined;
}

/**
 * end - start in milliseconds, when both are known times and end is not before start.
 *
 * @internal
 */
export function between(start?: string, end?: string): number | undefined {
  const from = knownTime(start);
  const to = knownTime(end);
  if (!from || !to) {
    return undefined;
  }
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * A pipeline version as the entity page shows it.
 *
 * @internal
 */
export function toVersionView(
  version: KubeflowPipelineVersion,
  uiUrl: string,
): KubeflowPipelineVersionView {
  const createdAt = knownTime(version.createdAt);
  return {
    pipelineVersionId: version.pipelineVersionId,
    name: version.displayName,
    ...(version.description && { description: version.description }),
    ...(createdAt && { createdAt }),
    parameters: version.parameters,
    url: kubeflowUiLinks.pipeline(
      uiUrl,
      version.pipelineId,
      version.pipelineVersionId,
    ),
  };
}

/**
 * A pipeline with its versions (newest first) and who may act on it.
 *
 * @internal
 */
export function toPipelineView(
  pipeline: KubeflowPipeline,
  versions: readonly KubeflowPipelineVersion[],
  uiUrl: string,
  authority: KubeflowWriteAuthority,
): KubeflowPipelineView {
  const createdAt = knownTime(pipeline.createdAt);
  return {
    pipelineId: pipeline.pipelineId,
    name: pipeline.displayName,
    ...(pipeline.description && { description: pipeline.description }),
    ...(createdAt && { createdAt }),
    ...(pipeline.namespace && { namespace: pipeline.namespace }),
    versions: versions.map(version => toVersionView(version, uiUrl)),
    url: kubeflowUiLinks.pipeline(uiUrl, pipeline.pipelineId),
    authority,
  };
}

/**
 * A run as the entity page shows it.
 *
 * @internal
 */
export function toRunView(run: KubeflowRun, uiUrl: string): KubeflowRunView {
  const createdAt = knownTime(run.createdAt);
  const scheduledAt = knownTime(run.scheduledAt);
  const finishedAt = knownTime(run.finishedAt);
  const durationMs = between(scheduledAt ?? createdAt, finishedAt);
  return {
    runId: run.runId,
    name: run.displayName,
    ...(run.state && { state: run.state }),
    ...(createdAt && { createdAt }),
    ...(scheduledAt && { scheduledAt }),
    ...(finishedAt && { finishedAt }),
    ...(durationMs !== undefined && { durationMs }),
    ...(run.pipelineId && { pipelineId: run.pipelineId }),
    ...(run.pipelineVersionId && { pipelineVersionId: run.pipelineVersionId }),
    ...(run.experimentId && { experimentId: run.experimentId }),
    ...(run.recurringRunId && { recurringRunId: run.recurringRunId }),
    ...(run.parameters && { parameters: run.parameters }),
    ...(run.error && { error: run.error }),
    url: kubeflowUiLinks.run(uiUrl, run.runId),
  };
}

/**
 * A recurring run as the entity page shows it.
 *
 * @internal
 */
export function toRecurringRunView(
  recurringRun: KubeflowRecurringRun,
  uiUrl: string,
): KubeflowRecurringRunView {
  const createdAt = knownTime(recurringRun.createdAt);
  const startTime = knownTime(recurringRun.startTime);
  const endTime = knownTime(recurringRun.endTime);
  const schedule: KubeflowSchedule = {
    ...(recurringRun.cron && { cron: recurringRun.cron }),
    ...(recurringRun.intervalSeconds !== undefined && {
      intervalSeconds: recurringRun.intervalSeconds,
    }),
    ...(startTime && { startTime }),
    ...(endTime && { endTime }),
  };
  return {
    recurringRunId: recurringRun.recurringRunId,
    name: recurringRun.displayName,
    enabled: recurringRun.enabled,
    ...(Object.keys(schedule).length > 0 && { schedule }),
    ...(recurringRun.maxConcurrency !== undefined && {
      maxConcurrency: recurringRun.maxConcurrency,
    }),
    ...(recurringRun.pipelineVersionId && {
      pipelineVersionId: recurringRun.pipelineVersionId,
    }),
    ...(recurringRun.experimentId && {
      experimentId: recurringRun.experimentId,
    }),
    ...(createdAt && { createdAt }),
    url: kubeflowUiLinks.recurringRun(uiUrl, recurringRun.recurringRunId),
  };
}

/**
 * An experiment as the entity page shows it.
 *
 * @internal
 */
export function toExperimentView(
  experiment: KubeflowExperiment,
  uiUrl: string,
): KubeflowExperimentView {
  const createdAt = knownTime(experiment.createdAt);
  const lastRunCreatedAt = knownTime(experiment.lastRunCreatedAt);
  return {
    experimentId: experiment.experimentId,
    name: experiment.displayName,
    ...(experiment.description && { description: experiment.description }),
    ...(createdAt && { createdAt }),
    ...(lastRunCreatedAt && { lastRunCreatedAt }),
    archived: experiment.archived,
    url: kubeflowUiLinks.experiment(uiUrl, experiment.experimentId),
  };
}

/**
 * A run's task graph: the tasks of its version's spec with their `dependsOn` edges, each joined
 * with what the run reports for the task of that name; then the tasks the run reports that the
 * spec has not (drivers, the root DAG, tasks of an inline spec), without edges.
 *
 * @remarks
 * A task detail names its task by `display_name`: the task's key in the spec (else its
 * `taskInfo.name`). A task the run reports more than once (a retry, a loop iteration) shows its
 * latest try. Edges to tasks the spec does not have are dropped, so every edge has both ends.
 *
 * @internal
 */
export function toTaskGraph(
  spec: readonly KubeflowSpecTask[],
  details: readonly KubeflowTaskDetail[],
): KubeflowTaskNode[] {
  const latest = new Map<string, KubeflowTaskDetail>();
  for (const detail of details) {
    const seen = latest.get(detail.displayName);
    if (!seen || startOf(detail) >= startOf(seen)) {
      latest.set(detail.displayName, detail);
    }
  }
  const specNames = new Set(spec.map(task => task.name));
  const joined = new Set<string>();
  const nodes = spec.map(task => {
    // By key first; by display name only when that is not another task's key.
    const key =
      latest.has(task.name) || specNames.has(task.displayName)
        ? task.name
        : task.displayName;
    const detail = latest.get(key);
    if (detail) {
      joined.add(key);
    }
    return toTaskNode(
      task.name,
      task.displayName,
      detail,
      [...new Set(task.dependsOn)].filter(
        name => name !== task.name && specNames.has(name),
      ),
    );
  });
  for (const [name, detail] of latest) {
    // A name that is a spec task's key always joined it above, so these ids are all new.
    if (!joined.has(name) && name !== '') {
      nodes.push(toTaskNode(name, name, detail, []));
    }
  }
  return nodes;
}

function toTaskNode(
  id: string,
  name: string,
  detail: KubeflowTaskDetail | undefined,
  dependsOn: string[],
): KubeflowTaskNode {
  const startedAt = knownTime(detail?.startTime);
  const finishedAt = knownTime(detail?.endTime);
  const durationMs = between(startedAt, finishedAt);
  return {
    id,
    name,
    ...(detail?.state && { state: detail.state }),
    ...(startedAt && { startedAt }),
    ...(finishedAt && { finishedAt }),
    ...(durationMs !== undefined && { durationMs }),
    ...(detail?.error && { error: detail.error }),
    dependsOn,
  };
}

/** When a try started, for picking the latest; a try without times sorts first. */
function startOf(detail: KubeflowTaskDetail): number {
  const at = knownTime(detail.startTime) ?? knownTime(detail.createTime);
  return at === undefined ? -Infinity : Date.parse(at);
}
