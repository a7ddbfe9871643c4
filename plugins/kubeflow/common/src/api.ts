import type { InstanceError } from '@mlops-portal/plugin-mlops-common';
import type { KubeflowParameterSpec } from './parameters';

/*
 * What the Kubeflow backend plugin serves to the frontend (`/api/kubeflow/...`): portal view
 * models, camelCase. Upstream shapes live in `@mlops-portal/plugin-kubeflow-node`.
 */

/**
 * The state of a KFP run or task (`V2beta1RuntimeState` without `RUNTIME_STATE_UNSPECIFIED`).
 *
 * @public
 */
export type KubeflowRunState =
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'SKIPPED'
  | 'FAILED'
  | 'CANCELING'
  | 'CANCELED'
  | 'PAUSED';

/**
 * Every {@link KubeflowRunState}, in the order a run can pass through them.
 *
 * @public
 */
export const KUBEFLOW_RUN_STATES: readonly KubeflowRunState[] = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'SKIPPED',
  'FAILED',
  'CANCELING',
  'CANCELED',
  'PAUSED',
];

/**
 * A pipeline or experiment an entity names, as resolved upstream.
 *
 * @public
 */
export interface KubeflowNamedObject {
  /** The KFP id. */
  id: string;
  /** Its `display_name`. */
  name: string;
}

/**
 * Where an entity's Kubeflow objects live, resolved from its annotations.
 *
 * @public
 */
export interface KubeflowEntityTarget {
  /** The configured instance (from `kubeflow.org/instance`, else the default). */
  instance: string;
  /** The KFP UI of that instance, for links. */
  uiUrl: string;
  /** The pipeline of `kubeflow.org/pipeline`. */
  pipeline?: KubeflowNamedObject;
  /** The experiment of `kubeflow.org/experiment`. */
  experiment?: KubeflowNamedObject;
}

/**
 * Who may act on a pipeline (start a run, toggle a recurring run): the owners of the entity the
 * Kubeflow provider ingested for it.
 *
 * @public
 */
export interface KubeflowWriteAuthority {
  /** The ingested `kubeflow-pipeline` Resource whose owners may write; absent when there is none. */
  entityRef?: string;
  /** Why there is no ingested entity (then only admins may write). */
  reason?: string;
}

/**
 * One version of a pipeline.
 *
 * @public
 */
export interface KubeflowPipelineVersionView {
  /** `pipeline_version_id`. */
  pipelineVersionId: string;
  /** `display_name`. */
  name: string;
  /** `description`. */
  description?: string;
  /** ISO 8601. */
  createdAt?: string;
  /** The input parameters its pipeline spec declares (what a new run must or may give). */
  parameters: KubeflowParameterSpec[];
  /** The version in the KFP UI. */
  url: string;
}

/**
 * A pipeline on an entity page.
 *
 * @public
 */
export interface KubeflowPipelineView {
  /** `pipeline_id`. */
  pipelineId: string;
  /** `display_name`. */
  name: string;
  /** `description`. */
  description?: string;
  /** ISO 8601. */
  createdAt?: string;
  /** The profile namespace on multi-user Kubeflow; absent for shared pipelines. */
  namespace?: string;
  /** Its versions, newest first (the first page). */
  versions: KubeflowPipelineVersionView[];
  /** The pipeline in the KFP UI. */
  url: string;
  /** Whose permission a write on this pipeline is checked against. */
  authority: KubeflowWriteAuthority;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/pipeline`.
 *
 * @public
 */
export interface KubeflowPipelineResponse {
  /** Where the entity's objects live; absent when it could not be resolved. */
  target?: KubeflowEntityTarget;
  /** The pipeline; absent when it could not be read (see `errors`). */
  pipeline?: KubeflowPipelineView;
  /** Why it could not be read; empty on success. */
  errors: InstanceError[];
}

/**
 * One run.
 *
 * @public
 */
export interface KubeflowRunView {
  /** `run_id`. */
  runId: string;
  /** `display_name`. */
  name: string;
  /** The run's state; absent while unspecified. */
  state?: KubeflowRunState;
  /** ISO 8601. */
  createdAt?: string;
  /** ISO 8601: when it started. */
  scheduledAt?: string;
  /** ISO 8601; absent while it runs. */
  finishedAt?: string;
  /** finishedAt - scheduledAt (or createdAt), when both are known. */
  durationMs?: number;
  /** The pipeline and version it ran, when it ran one (not an inline spec). */
  pipelineId?: string;
  /** See {@link KubeflowRunView.pipelineId}. */
  pipelineVersionId?: string;
  /** `experiment_id`. */
  experimentId?: string;
  /** The recurring run that started it. */
  recurringRunId?: string;
  /** The parameters it was started with. */
  parameters?: Record<string, unknown>;
  /** Why it failed, as KFP says. */
  error?: string;
  /** The run in the KFP UI. */
  url: string;
}

/**
 * Query of the runs route.
 *
 * @public
 */
export interface KubeflowRunsQuery {
  /** Only runs in this state. */
  state?: KubeflowRunState;
  /** 1–100, default 25. */
  pageSize?: number;
  /** From a previous answer's `nextPageToken`. */
  pageToken?: string;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/runs`: a page of the entity's runs (of its
 * pipeline's versions, or in its experiment), newest first.
 *
 * @public
 */
export interface KubeflowRunsResponse {
  /** Where the entity's objects live; absent when it could not be resolved. */
  target?: KubeflowEntityTarget;
  /** The runs of this page. */
  items: KubeflowRunView[];
  /** For the next page; absent on the last. */
  nextPageToken?: string;
  /** How many runs match, when KFP says. */
  totalSize?: number;
  /** Why runs could not be read; empty on success. */
  errors: InstanceError[];
}

/**
 * One task of a run, as a node of its graph.
 *
 * @public
 */
export interface KubeflowTaskNode {
  /** The task's name in the pipeline spec (unique in the run's graph). */
  id: string;
  /** What to show: the task's display name. */
  name: string;
  /** Its state; absent when it has not started (or KFP does not say). */
  state?: KubeflowRunState;
  /** ISO 8601. */
  startedAt?: string;
  /** ISO 8601. */
  finishedAt?: string;
  /** finishedAt - startedAt, when both are known. */
  durationMs?: number;
  /** Why it failed. */
  error?: string;
  /** The tasks it waits for (`dependentTasks`), by id. */
  dependsOn: string[];
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/runs/:runId`: one run and its task graph.
 *
 * @public
 */
export interface KubeflowRunGraphResponse {
  /** The run. */
  run: KubeflowRunView;
  /** Its tasks: the spec's tasks with the states the run reports for them. */
  tasks: KubeflowTaskNode[];
}

/**
 * The schedule of a recurring run.
 *
 * @public
 */
export interface KubeflowSchedule {
  /** A cron expression (KFP's, with seconds), for a cron trigger. */
  cron?: string;
  /** Seconds between runs, for a periodic trigger. */
  intervalSeconds?: number;
  /** ISO 8601. */
  startTime?: string;
  /** ISO 8601. */
  endTime?: string;
}

/**
 * One recurring run.
 *
 * @public
 */
export interface KubeflowRecurringRunView {
  /** `recurring_run_id`. */
  recurringRunId: string;
  /** `display_name`. */
  name: string;
  /** Whether it starts runs (`status` ENABLED, or `mode` ENABLE on older servers). */
  enabled: boolean;
  /** Its trigger. */
  schedule?: KubeflowSchedule;
  /** Runs it may have going at once. */
  maxConcurrency?: number;
  /** The pipeline version it runs, when a v2 recurring run names one. */
  pipelineVersionId?: string;
  /** `experiment_id`. */
  experimentId?: string;
  /** ISO 8601. */
  createdAt?: string;
  /** The recurring run in the KFP UI. */
  url: string;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/recurring-runs`.
 *
 * @public
 */
export interface KubeflowRecurringRunsResponse {
  /** Where the entity's objects live; absent when it could not be resolved. */
  target?: KubeflowEntityTarget;
  /** The recurring runs of the entity's pipeline or experiment. */
  items: KubeflowRecurringRunView[];
  /** Whose permission toggling them is checked against. */
  authority?: KubeflowWriteAuthority;
  /** Why they could not be read; empty on success. */
  errors: InstanceError[];
}

/**
 * One experiment.
 *
 * @public
 */
export interface KubeflowExperimentView {
  /** `experiment_id`. */
  experimentId: string;
  /** `display_name`. */
  name: string;
  /** `description`. */
  description?: string;
  /** ISO 8601. */
  createdAt?: string;
  /** ISO 8601. */
  lastRunCreatedAt?: string;
  /** Whether it is archived. */
  archived: boolean;
  /** The experiment in the KFP UI. */
  url: string;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/experiments`.
 *
 * @public
 */
export interface KubeflowExperimentsResponse {
  /** Where the entity's objects live; absent when it could not be resolved. */
  target?: KubeflowEntityTarget;
  /** The experiments the entity's runs are in (or the one it names). */
  items: KubeflowExperimentView[];
  /** Why they could not be read; empty on success. */
  errors: InstanceError[];
}

/**
 * The body of `POST /entity/:namespace/:kind/:name/runs`: start a run of the entity's pipeline.
 *
 * @public
 */
export interface KubeflowCreateRunRequest {
  /** The version to run; the newest when absent. */
  pipelineVersionId?: string;
  /** The run's name; a dated one when absent. */
  name?: string;
  /** Its parameters, checked against the version's declared inputs. */
  parameters?: Record<string, unknown>;
  /** The experiment to run it in; the entity's, else the instance's default. */
  experimentId?: string;
}
