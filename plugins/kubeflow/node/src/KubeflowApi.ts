import type {
  KubeflowParameterSpec,
  KubeflowRunState,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  InstanceClients,
  UpstreamInstanceConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * How the portal authenticates to a Kubeflow Pipelines instance beyond the kit's `none`, `basic`
 * and `bearer`: a Kubernetes service account token read from a file (a projected token, which
 * the kubelet rotates), read again when it changes.
 *
 * @public
 */
export interface KubeflowServiceAccountTokenAuth {
  /** As in config: `auth.type`. */
  type: 'serviceAccountToken';
  /** The token file, e.g. `/var/run/secrets/kubeflow/pipelines/token`. */
  tokenPath: string;
}

/**
 * Multi-user Kubeflow: who the portal is (the header the auth proxy would set) and the profile
 * namespace it works in.
 *
 * @public
 */
export interface KubeflowMultiUserConfig {
  /** The user-id header KFP trusts, `kubeflow-userid` by default. */
  userIdHeader: string;
  /** Its value: the identity the portal acts as, e.g. `portal@example.com`. */
  userId: string;
  /** The profile namespace whose pipelines, experiments and runs are read and created. */
  namespace: string;
}

/**
 * One configured Kubeflow Pipelines instance.
 *
 * @public
 */
export type KubeflowInstanceConfig = UpstreamInstanceConfig & {
  /** Items per page of list requests. */
  pageSize: number;
  /** Set for a service account token file (`auth.type: serviceAccountToken`). */
  serviceAccountToken?: KubeflowServiceAccountTokenAuth;
  /** Set on multi-user Kubeflow. */
  multiUser?: KubeflowMultiUserConfig;
  /** The experiment new runs go into when neither the caller nor the entity names one. */
  defaultExperiment?: string;
};

/**
 * A page of a KFP list, with the token of the next one.
 *
 * @public
 */
export interface KubeflowPage<T> {
  /** This page's items. */
  items: T[];
  /** For the next page; absent on the last. */
  nextPageToken?: string;
  /** How many items the list holds, when KFP says. */
  totalSize?: number;
}

/**
 * One condition of a KFP list filter (`v2beta1Predicate`).
 *
 * @public
 */
export interface KubeflowPredicate {
  /** The field, e.g. `display_name`, `pipeline_version_id`, `state`, `created_at`. */
  key: string;
  /** How it is compared. */
  operation:
    | 'EQUALS'
    | 'NOT_EQUALS'
    | 'GREATER_THAN'
    | 'GREATER_THAN_EQUALS'
    | 'LESS_THAN'
    | 'LESS_THAN_EQUALS'
    | 'IN'
    | 'IS_SUBSTRING';
  /** The value: a string, an integer, a timestamp (ISO 8601, as `timestamp_value`) or a list of strings (for `IN`). */
  value: string | number | { timestamp: string } | string[];
}

/**
 * Options of every list call.
 *
 * @public
 */
export interface KubeflowListOptions {
  /** From a previous page. */
  pageToken?: string;
  /** At most the instance's `pageSize`; defaults to it. */
  pageSize?: number;
  /** All must hold (KFP's JSON `filter`). */
  filter?: KubeflowPredicate[];
  /** KFP's `sort_by`, e.g. `created_at desc`. */
  sortBy?: string;
  /** `false`: read past the read cache (bulk reads, polling). */
  cache?: boolean;
}

/**
 * Options of {@link KubeflowApi.listRuns}.
 *
 * @public
 */
export interface KubeflowRunListOptions extends KubeflowListOptions {
  /** Only the runs of this experiment (KFP's `experiment_id` parameter). */
  experimentId?: string;
  /** Only the runs of this pipeline version (a `pipeline_version_id` predicate added to `filter`). */
  pipelineVersionId?: string;
}

/**
 * A pipeline as the client hands it out.
 *
 * @public
 */
export interface KubeflowPipeline {
  /** `pipeline_id`. */
  pipelineId: string;
  /** `display_name` (else `name`). */
  displayName: string;
  /** `name`, KFP's unique name where the server sets one. */
  name?: string;
  /** `description`. */
  description?: string;
  /** `created_at`, ISO 8601. */
  createdAt?: string;
  /** `namespace`; absent for shared pipelines. */
  namespace?: string;
}

/**
 * One task of a pipeline's graph, from the pipeline spec (`root.dag.tasks`).
 *
 * @public
 */
export interface KubeflowSpecTask {
  /** The task's key in the spec. */
  name: string;
  /** `taskInfo.name`, else the key. */
  displayName: string;
  /** `dependentTasks`. */
  dependsOn: string[];
}

/**
 * A pipeline version as the client hands it out.
 *
 * @public
 */
export interface KubeflowPipelineVersion {
  /** `pipeline_id`. */
  pipelineId: string;
  /** `pipeline_version_id`. */
  pipelineVersionId: string;
  /** `display_name` (else `name`). */
  displayName: string;
  /** `name`, unique within the pipeline, where the server sets one. */
  name?: string;
  /** `description`. */
  description?: string;
  /** `created_at`, ISO 8601. */
  createdAt?: string;
  /** The input parameters its spec declares (`root.inputDefinitions.parameters`). */
  parameters: KubeflowParameterSpec[];
  /** The tasks of its graph (`root.dag.tasks`), in spec order. */
  tasks: KubeflowSpecTask[];
}

/**
 * One task of a run, as KFP reports it (`run_details.task_details`).
 *
 * @public
 */
export interface KubeflowTaskDetail {
  /** `task_id`. */
  taskId: string;
  /** `display_name`: the task's name in the spec for a pipeline task. */
  displayName: string;
  /** `state`; absent while unspecified. */
  state?: KubeflowRunState;
  /** ISO 8601. */
  createTime?: string;
  /** ISO 8601. */
  startTime?: string;
  /** ISO 8601. */
  endTime?: string;
  /** `parent_task_id`. */
  parentTaskId?: string;
  /** `error.message`. */
  error?: string;
}

/**
 * A run as the client hands it out.
 *
 * @public
 */
export interface KubeflowRun {
  /** `run_id`. */
  runId: string;
  /** `display_name`. */
  displayName: string;
  /** `experiment_id`. */
  experimentId?: string;
  /** `pipeline_version_reference.pipeline_id`. */
  pipelineId?: string;
  /** `pipeline_version_reference.pipeline_version_id` (or the deprecated `pipeline_version_id`). */
  pipelineVersionId?: string;
  /** `state`; absent while unspecified. */
  state?: KubeflowRunState;
  /** ISO 8601. */
  createdAt?: string;
  /** ISO 8601. */
  scheduledAt?: string;
  /** ISO 8601; absent (or KFP's zero time) while it runs. */
  finishedAt?: string;
  /** `recurring_run_id`. */
  recurringRunId?: string;
  /** `runtime_config.parameters`. */
  parameters?: Record<string, unknown>;
  /** `error.message`. */
  error?: string;
  /** `run_details.task_details`; empty in list answers that leave them out. */
  tasks: KubeflowTaskDetail[];
}

/**
 * A recurring run as the client hands it out; the list mixes v1 and v2 recurring runs, so the
 * pipeline reference may be absent.
 *
 * @public
 */
export interface KubeflowRecurringRun {
  /** `recurring_run_id`. */
  recurringRunId: string;
  /** `display_name`. */
  displayName: string;
  /** `status` ENABLED (or `mode` ENABLE where there is no status). */
  enabled: boolean;
  /** `trigger.cron_schedule.cron`. */
  cron?: string;
  /** `trigger.periodic_schedule.interval_second`. */
  intervalSeconds?: number;
  /** The trigger's `start_time`, ISO 8601. */
  startTime?: string;
  /** The trigger's `end_time`, ISO 8601. */
  endTime?: string;
  /** `max_concurrency`. */
  maxConcurrency?: number;
  /** `pipeline_version_reference.pipeline_id`. */
  pipelineId?: string;
  /** `pipeline_version_reference.pipeline_version_id`. */
  pipelineVersionId?: string;
  /** `experiment_id`. */
  experimentId?: string;
  /** `created_at`, ISO 8601. */
  createdAt?: string;
  /** `namespace`. */
  namespace?: string;
}

/**
 * An experiment as the client hands it out.
 *
 * @public
 */
export interface KubeflowExperiment {
  /** `experiment_id`. */
  experimentId: string;
  /** `display_name`. */
  displayName: string;
  /** `description`. */
  description?: string;
  /** ISO 8601. */
  createdAt?: string;
  /** ISO 8601. */
  lastRunCreatedAt?: string;
  /** `storage_state` ARCHIVED. */
  archived: boolean;
  /** `namespace`. */
  namespace?: string;
}

/**
 * What `GET /apis/v2beta1/healthz` says.
 *
 * @public
 */
export interface KubeflowHealth {
  /** Whether the instance runs multi-user (profiles, the user-id header). */
  multiUser?: boolean;
}

/**
 * Options of {@link KubeflowApi.createRun}.
 *
 * @public
 */
export interface CreateKubeflowRunOptions {
  /** The pipeline. */
  pipelineId: string;
  /** The version to run. */
  pipelineVersionId: string;
  /** The run's name. */
  displayName: string;
  /** Its description. */
  description?: string;
  /** The experiment to run it in; the instance's default experiment when absent. */
  experimentId?: string;
  /** Its parameters, checked against the version's declared inputs before anything is sent. */
  parameters?: Record<string, unknown>;
}

/**
 * What to upload: a compiled pipeline spec (the YAML or JSON the KFP SDK writes).
 *
 * @public
 */
export interface KubeflowPipelinePackage {
  /** The spec's text. */
  content: string;
  /** The file name KFP is told, e.g. `pipeline.yaml`. */
  fileName: string;
}

/**
 * Options of {@link KubeflowApi.uploadPipeline}.
 *
 * @public
 */
export interface UploadKubeflowPipelineOptions extends KubeflowPipelinePackage {
  /** The new pipeline's name (`display_name`). */
  displayName: string;
  /** KFP's unique `name` of it (what `getPipelineByName` finds); defaults to `displayName`. */
  name?: string;
  /** Its description. */
  description?: string;
}

/**
 * Options of {@link KubeflowApi.uploadPipelineVersion}.
 *
 * @public
 */
export interface UploadKubeflowPipelineVersionOptions
  extends KubeflowPipelinePackage {
  /** The pipeline the version is added to. */
  pipelineId: string;
  /** The new version's name. */
  displayName: string;
  /** Its `name`, unique within the pipeline; defaults to `displayName`. */
  name?: string;
  /** Its description. */
  description?: string;
}

/**
 * A typed client of one Kubeflow Pipelines instance (REST API v2beta1).
 *
 * @remarks
 * Every answer is checked: a field the portal needs that is missing, or a field of the wrong type,
 * is a `ServiceUnavailableError` naming the call and the field, never a TypeError later. Ids
 * passed in are checked before anything is sent (`InputError`).
 *
 * @public
 */
export interface KubeflowApi {
  /** The instance this client talks to. */
  readonly instance: KubeflowInstanceConfig;
  /** `GET /healthz`. */
  health(): Promise<KubeflowHealth>;
  /** One page of `GET /pipelines` (in the instance's namespace on multi-user Kubeflow). */
  listPipelines(
    options?: KubeflowListOptions,
  ): Promise<KubeflowPage<KubeflowPipeline>>;
  /** Every page of `GET /pipelines`, the next requested as soon as one arrives. */
  listPipelinePages(
    options?: Omit<KubeflowListOptions, 'pageToken'>,
  ): AsyncGenerator<KubeflowPipeline[], void, undefined>;
  /** `GET /pipelines/{id}`; `NotFoundError` when there is none. */
  getPipeline(pipelineId: string): Promise<KubeflowPipeline>;
  /** `GET /pipelines/names/{name}`; `NotFoundError` when there is none. */
  getPipelineByName(name: string): Promise<KubeflowPipeline>;
  /** One page of a pipeline's versions. */
  listPipelineVersions(
    pipelineId: string,
    options?: KubeflowListOptions,
  ): Promise<KubeflowPage<KubeflowPipelineVersion>>;
  /** `GET /pipelines/{id}/versions/{versionId}`. */
  getPipelineVersion(
    pipelineId: string,
    pipelineVersionId: string,
  ): Promise<KubeflowPipelineVersion>;
  /** One page of `GET /runs` (optionally of one experiment, or of one pipeline version). */
  listRuns(
    options?: KubeflowRunListOptions,
  ): Promise<KubeflowPage<KubeflowRun>>;
  /** `GET /runs/{id}`, with its task details. */
  getRun(runId: string, options?: { cache?: boolean }): Promise<KubeflowRun>;
  /** Starts a run of a pipeline version; its parameters are checked first (`InputError`). */
  createRun(options: CreateKubeflowRunOptions): Promise<KubeflowRun>;
  /** One page of `GET /recurringruns` (optionally of one experiment). */
  listRecurringRuns(
    options?: KubeflowListOptions & { experimentId?: string },
  ): Promise<KubeflowPage<KubeflowRecurringRun>>;
  /** `GET /recurringruns/{id}`; `cache: false` reads past the read cache. */
  getRecurringRun(
    recurringRunId: string,
    options?: { cache?: boolean },
  ): Promise<KubeflowRecurringRun>;
  /** `POST /recurringruns/{id}:enable` or `:disable`; the recurring run as it is after. */
  setRecurringRunEnabled(
    recurringRunId: string,
    enabled: boolean,
  ): Promise<KubeflowRecurringRun>;
  /** One page of `GET /experiments`. */
  listExperiments(
    options?: KubeflowListOptions,
  ): Promise<KubeflowPage<KubeflowExperiment>>;
  /** `GET /experiments/{id}`. */
  getExperiment(experimentId: string): Promise<KubeflowExperiment>;
  /** `POST /pipelines/upload` (multipart): a new pipeline with its first version. */
  uploadPipeline(
    options: UploadKubeflowPipelineOptions,
  ): Promise<KubeflowPipeline>;
  /** `POST /pipelines/upload_version` (multipart): a new version of a pipeline. */
  uploadPipelineVersion(
    options: UploadKubeflowPipelineVersionOptions,
  ): Promise<KubeflowPipelineVersion>;
}

/**
 * Every configured instance's client, the default first.
 *
 * @public
 */
export type KubeflowClients = InstanceClients<
  KubeflowApi,
  KubeflowInstanceConfig
>;
