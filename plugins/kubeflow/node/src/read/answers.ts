import { ServiceUnavailableError } from '@backstage/errors';
import {
  KUBEFLOW_RUN_STATES,
  KUBEFLOW_SYSTEM,
  KubeflowRunState,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowExperiment,
  KubeflowHealth,
  KubeflowPage,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
  KubeflowTaskDetail,
} from '../KubeflowApi';
import {
  asObject,
  int64,
  isBoolean,
  isObject,
  JsonObject,
  list,
  MalformedAnswer,
  nested,
  nonEmptyText,
  optional,
  requiredText,
  statusMessage,
  text,
  timestamp,
} from './fields';
import { readPipelineSpec } from './pipelineSpec';

/*
 * KFP v2beta1 answers as the client hands them out: the ids and display names the portal needs
 * are required, every other field is type-checked (`null` is absent), KFP's zero time is no
 * time, and enum values the portal does not know are absent rather than an error (a newer
 * server may add some).
 */

/** `display_name`, else `name` (KFP fills one from the other; older servers only `name`). */
function displayName(o: JsonObject): string {
  const name = nonEmptyText(o, 'display_name') ?? nonEmptyText(o, 'name');
  if (!name) {
    throw new MalformedAnswer('is missing', ['display_name']);
  }
  return name;
}

function runState(o: JsonObject, name: string): KubeflowRunState | undefined {
  const state = text(o, name);
  return KUBEFLOW_RUN_STATES.includes(state as KubeflowRunState)
    ? (state as KubeflowRunState)
    : undefined;
}

/** `pipeline_version_reference`, or the deprecated top-level `pipeline_version_id`. */
function pipelineReference(o: JsonObject) {
  const reference = nested(o, 'pipeline_version_reference', ref => ({
    pipelineId: nonEmptyText(ref, 'pipeline_id'),
    pipelineVersionId: nonEmptyText(ref, 'pipeline_version_id'),
  }));
  return {
    pipelineId: reference?.pipelineId,
    pipelineVersionId:
      reference?.pipelineVersionId ?? nonEmptyText(o, 'pipeline_version_id'),
  };
}

/** Drops the keys whose value is undefined, so answers compare and serialise cleanly. */
function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) {
      delete value[key];
    }
  }
  return value;
}

/** `v2beta1Pipeline`: the portal needs the id and a name. */
export function readPipeline(value: unknown): KubeflowPipeline {
  const o = asObject(value);
  return defined({
    pipelineId: requiredText(o, 'pipeline_id'),
    displayName: displayName(o),
    name: nonEmptyText(o, 'name'),
    description: nonEmptyText(o, 'description'),
    createdAt: timestamp(o, 'created_at'),
    namespace: nonEmptyText(o, 'namespace'),
  });
}

/** `v2beta1PipelineVersion`: the ids and a name, and what its spec declares. */
export function readPipelineVersion(value: unknown): KubeflowPipelineVersion {
  const o = asObject(value);
  const spec = nested(o, 'pipeline_spec', readPipelineSpec);
  return defined({
    pipelineId: requiredText(o, 'pipeline_id'),
    pipelineVersionId: requiredText(o, 'pipeline_version_id'),
    displayName: displayName(o),
    name: nonEmptyText(o, 'name'),
    description: nonEmptyText(o, 'description'),
    createdAt: timestamp(o, 'created_at'),
    parameters: spec?.parameters ?? [],
    tasks: spec?.tasks ?? [],
  });
}

/** `v2beta1PipelineTaskDetail`: the task id and its name. */
function readTaskDetail(value: unknown): KubeflowTaskDetail {
  const o = asObject(value);
  return defined({
    taskId: requiredText(o, 'task_id'),
    displayName: requiredText(o, 'display_name'),
    state: runState(o, 'state'),
    createTime: timestamp(o, 'create_time'),
    startTime: timestamp(o, 'start_time'),
    endTime: timestamp(o, 'end_time'),
    parentTaskId: nonEmptyText(o, 'parent_task_id'),
    error: statusMessage(o, 'error'),
  });
}

/** `v2beta1Run`: the run id and its name. */
export function readRun(value: unknown): KubeflowRun {
  const o = asObject(value);
  return defined({
    runId: requiredText(o, 'run_id'),
    displayName: requiredText(o, 'display_name'),
    experimentId: nonEmptyText(o, 'experiment_id'),
    ...pipelineReference(o),
    state: runState(o, 'state'),
    createdAt: timestamp(o, 'created_at'),
    scheduledAt: timestamp(o, 'scheduled_at'),
    finishedAt: timestamp(o, 'finished_at'),
    recurringRunId: nonEmptyText(o, 'recurring_run_id'),
    parameters: nested(o, 'runtime_config', config =>
      optional(config, 'parameters', isObject, 'an object'),
    ),
    error: statusMessage(o, 'error'),
    tasks:
      nested(o, 'run_details', details =>
        list(details, 'task_details', readTaskDetail),
      ) ?? [],
  });
}

/**
 * Whether a recurring run is enabled: v2's `status`, else `mode` (what older servers and v1
 * recurring runs set); neither known is not enabled.
 */
function isEnabled(o: JsonObject): boolean {
  const status = text(o, 'status');
  if (status === 'ENABLED' || status === 'DISABLED') {
    return status === 'ENABLED';
  }
  return text(o, 'mode') === 'ENABLE';
}

/** `v2beta1Trigger`: a cron or a periodic schedule, each with its window. */
function readTrigger(trigger: JsonObject) {
  const cron = nested(trigger, 'cron_schedule', schedule => ({
    cron: nonEmptyText(schedule, 'cron'),
    startTime: timestamp(schedule, 'start_time'),
    endTime: timestamp(schedule, 'end_time'),
  }));
  const periodic = nested(trigger, 'periodic_schedule', schedule => ({
    intervalSeconds: int64(schedule, 'interval_second'),
    startTime: timestamp(schedule, 'start_time'),
    endTime: timestamp(schedule, 'end_time'),
  }));
  return {
    cron: cron?.cron,
    intervalSeconds: periodic?.intervalSeconds,
    startTime: cron?.startTime ?? periodic?.startTime,
    endTime: cron?.endTime ?? periodic?.endTime,
  };
}

/**
 * `v2beta1RecurringRun`: the id and its name. A v1 recurring run (listed beside v2 ones)
 * carries a `pipeline_spec` or other fields and no `pipeline_version_reference`: its pipeline
 * is then absent.
 */
export function readRecurringRun(value: unknown): KubeflowRecurringRun {
  const o = asObject(value);
  return defined({
    recurringRunId: requiredText(o, 'recurring_run_id'),
    displayName: requiredText(o, 'display_name'),
    enabled: isEnabled(o),
    ...nested(o, 'trigger', readTrigger),
    maxConcurrency: int64(o, 'max_concurrency'),
    ...pipelineReference(o),
    experimentId: nonEmptyText(o, 'experiment_id'),
    createdAt: timestamp(o, 'created_at'),
    namespace: nonEmptyText(o, 'namespace'),
  });
}

/** `v2beta1Experiment`: the id and its name. */
export function readExperiment(value: unknown): KubeflowExperiment {
  const o = asObject(value);
  return defined({
    experimentId: requiredText(o, 'experiment_id'),
    displayName: requiredText(o, 'display_name'),
    description: nonEmptyText(o, 'description'),
    createdAt: timestamp(o, 'created_at'),
    lastRunCreatedAt: timestamp(o, 'last_run_created_at'),
    archived: text(o, 'storage_state') === 'ARCHIVED',
    namespace: nonEmptyText(o, 'namespace'),
  });
}

/** `v2beta1GetHealthzResponse`. */
function readHealth(value: unknown): KubeflowHealth {
  const o = asObject(value);
  return defined({
    multiUser: optional(o, 'multi_user', isBoolean, 'a boolean'),
  });
}

/**
 * A `List…Response`: the items under `field`, `next_page_token` (empty on the last page, as
 * grpc-gateway writes it, or absent) and `total_size`. grpc-gateway leaves an empty list out.
 */
function readPage<T>(
  body: unknown,
  field: string,
  read: (item: unknown) => T,
): KubeflowPage<T> {
  const o = asObject(body);
  const totalSize = optional(
    o,
    'total_size',
    (v): v is number => Number.isSafeInteger(v),
    'an integer',
  );
  return defined({
    items: list(o, field, read),
    nextPageToken: nonEmptyText(o, 'next_page_token'),
    totalSize,
  });
}

/**
 * The decoders of one instance's answers, created once per client: the kit decodes a cached
 * body once and shares the frozen result, which it can only do when the same function comes
 * with every read.
 *
 * @internal
 */
export function createAnswerDecoders(instance: string) {
  const guard =
    <T>(operation: string, read: (body: unknown) => T) =>
    (body: unknown): T => {
      try {
        if (body === undefined) {
          throw new MalformedAnswer('is an empty body, not a JSON object');
        }
        return read(body);
      } catch (error) {
        if (error instanceof MalformedAnswer) {
          throw new ServiceUnavailableError(
            `${
              KUBEFLOW_SYSTEM.id
            } instance '${instance}': ${operation} returned an unexpected body: ${error.describe()}`,
          );
        }
        throw error;
      }
    };
  return {
    health: guard('GET /healthz', readHealth),
    pipelines: guard('GET /pipelines', body =>
      readPage(body, 'pipelines', readPipeline),
    ),
    pipeline: guard('GET /pipelines/{pipeline_id}', readPipeline),
    pipelineByName: guard('GET /pipelines/names/{name}', readPipeline),
    versions: guard('GET /pipelines/{pipeline_id}/versions', body =>
      readPage(body, 'pipeline_versions', readPipelineVersion),
    ),
    version: guard(
      'GET /pipelines/{pipeline_id}/versions/{pipeline_version_id}',
      readPipelineVersion,
    ),
    runs: guard('GET /runs', body => readPage(body, 'runs', readRun)),
    run: guard('GET /runs/{run_id}', readRun),
    createdRun: guard('POST /runs', readRun),
    recurringRuns: guard('GET /recurringruns', body =>
      readPage(body, 'recurringRuns', readRecurringRun),
    ),
    recurringRun: guard(
      'GET /recurringruns/{recurring_run_id}',
      readRecurringRun,
    ),
    experiments: guard('GET /experiments', body =>
      readPage(body, 'experiments', readExperiment),
    ),
    experiment: guard('GET /experiments/{experiment_id}', readExperiment),
    uploadedPipeline: guard('POST /pipelines/upload', readPipeline),
    uploadedVersion: guard(
      'POST /pipelines/upload_version',
      readPipelineVersion,
    ),
  };
}

/** {@link createAnswerDecoders}' result. @internal */
export type AnswerDecoders = ReturnType<typeof createAnswerDecoders>;
