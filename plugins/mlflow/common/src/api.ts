import type {
  InstanceError,
  InstanceSummary,
  InstancesResponse,
} from '@mlops-portal/plugin-mlops-common';

/*
 * What the MLflow backend plugin serves to the frontend (`/api/mlflow/...`): portal view models,
 * camelCase, independent of the upstream MLflow version. Upstream shapes live in
 * `@mlops-portal/plugin-mlflow-node`.
 */

/**
 * A run's lifecycle state, as MLflow names it.
 *
 * @public
 */
export type MlflowRunStatus =
  | 'RUNNING'
  | 'SCHEDULED'
  | 'FINISHED'
  | 'FAILED'
  | 'KILLED';

/**
 * Registration state of a model version, as MLflow names it.
 *
 * @public
 */
export type MlflowModelVersionStatus =
  | 'PENDING_REGISTRATION'
  | 'FAILED_REGISTRATION'
  | 'READY';

/**
 * The MLflow 2.x stages (MLflow 3 deprecates them in favour of aliases).
 *
 * @public
 */
export type MlflowStage = 'None' | 'Staging' | 'Production' | 'Archived';

/**
 * The stages a version can be moved to.
 *
 * @public
 */
export const MLFLOW_STAGES: readonly MlflowStage[] = [
  'None',
  'Staging',
  'Production',
  'Archived',
];

/**
 * Where an entity's MLflow data lives, resolved from its annotations.
 *
 * @public
 */
export interface MlflowEntityTarget {
  /** The configured instance (from `mlflow.org/instance`, else the default). */
  instance: string;
  /** The major version of that MLflow server (2 or 3). */
  majorVersion: 2 | 3;
  /** The MLflow UI of that instance, for links. */
  uiUrl: string;
  /** `mlflow.org/experiment`, when annotated. */
  experiment?: string;
  /** `mlflow.org/registered-model`, when annotated. */
  registeredModel?: string;
}

/**
 * One run in a runs table.
 *
 * @public
 */
export interface MlflowRunSummary {
  /** The MLflow run id. */
  runId: string;
  /** The run's name, when it has one. */
  runName?: string;
  /** The id of the experiment the run belongs to. */
  experimentId: string;
  /** The run's lifecycle state. */
  status: MlflowRunStatus;
  /** Epoch milliseconds. */
  startTime?: number;
  /** Epoch milliseconds; absent while running. */
  endTime?: number;
  /** endTime - startTime, when both are known. */
  durationMs?: number;
  /** `mlflow.user` / the run's user id. */
  user?: string;
  /** Latest value of every metric. */
  metrics: Record<string, number>;
  /** Every param of the run, by key. */
  params: Record<string, string>;
  /** Every tag of the run, by key. */
  tags: Record<string, string>;
  /** The run in the MLflow UI. */
  url: string;
}

/**
 * One point of a metric history.
 *
 * @public
 */
export interface MlflowMetricPoint {
  /** The step the value was logged at. */
  step: number;
  /** The logged value. */
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
}

/**
 * A run with its full metric histories.
 *
 * @public
 */
export interface MlflowRunDetail extends MlflowRunSummary {
  /** Metric key → every logged point, ordered by step. */
  metricHistories: Record<string, MlflowMetricPoint[]>;
}

/**
 * One version of a registered model.
 *
 * @public
 */
export interface MlflowModelVersionView {
  /** The version number, as MLflow writes it (a string). */
  version: string;
  /** MLflow 2.x stage; absent on MLflow 3. */
  stage?: MlflowStage;
  /** Whether the version is registered yet. */
  status: MlflowModelVersionStatus;
  /** MLflow's message about the registration status, if any. */
  statusMessage?: string;
  /** Aliases pointing at this version. */
  aliases: string[];
  /** Every tag of the version, by key. */
  tags: Record<string, string>;
  /** The version's description, if any. */
  description?: string;
  /** The run that produced it, when known. */
  runId?: string;
  /** That run in the MLflow UI. */
  runUrl?: string;
  /** Where the model artifacts are. */
  source?: string;
  /** Epoch milliseconds. */
  createdAt?: number;
  /** Epoch milliseconds. */
  updatedAt?: number;
}

/**
 * A registered model with all its versions.
 *
 * @public
 */
export interface MlflowModelView {
  /** The registered model's name in MLflow. */
  name: string;
  /** The model's description, if any. */
  description?: string;
  /** Every tag of the model, by key. */
  tags: Record<string, string>;
  /** Alias → version. */
  aliases: Record<string, string>;
  /** Newest first. */
  versions: MlflowModelVersionView[];
  /** The model in the MLflow UI. */
  url: string;
  /** Whether stages can be used (MLflow 2.x). */
  stagesSupported: boolean;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/runs`: a page of the experiment's runs.
 *
 * @public
 */
export interface MlflowRunsResponse {
  /** Where the entity's MLflow data lives; absent when it could not be resolved. */
  target?: MlflowEntityTarget;
  /** The experiment the runs belong to. */
  experiment?: { id: string; name: string; url: string };
  /** The runs of this page. */
  items: MlflowRunSummary[];
  /** Opaque; pass back as `pageToken` for the next page. */
  nextPageToken?: string;
  /** Why the runs could not be read, per instance; empty on success. */
  errors: InstanceError[];
}

/**
 * Query of the runs route.
 *
 * @public
 */
export interface MlflowRunsQuery {
  /** The `nextPageToken` of the previous page; absent for the first page. */
  pageToken?: string;
  /** 1–1000, default 25. */
  maxResults?: number;
  /** MLflow order_by clauses, e.g. `metrics.auc DESC`, `attributes.start_time DESC`. */
  orderBy?: string[];
  /** MLflow search filter, e.g. `metrics.auc > 0.9 and params.max_depth = '6'`. */
  filter?: string;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/runs/:runId`: one run with its metric histories.
 *
 * @public
 */
export interface MlflowRunResponse {
  /** Where the entity's MLflow data lives; absent when it could not be resolved. */
  target?: MlflowEntityTarget;
  /** The run; absent when it could not be read. */
  item?: MlflowRunDetail;
  /** Why the run could not be read, per instance; empty on success. */
  errors: InstanceError[];
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/compare?runIds=a,b&metrics=auc,val_auc`: runs to compare.
 *
 * @public
 */
export interface MlflowCompareResponse {
  /** Where the entity's MLflow data lives; absent when it could not be resolved. */
  target?: MlflowEntityTarget;
  /** The requested runs with their metric histories. */
  items: MlflowRunDetail[];
  /** Why runs could not be read, per instance; empty on success. */
  errors: InstanceError[];
}

/**
 * Who may change a registered model: the owners of the entity the MLflow provider ingested for it.
 *
 * @public
 */
export interface MlflowWriteAuthority {
  /** The ingested `ml-model` Resource whose owners may write; absent when there is none. */
  entityRef?: string;
  /** Why there is no ingested entity (then only admins may write). */
  reason?: string;
}

/**
 * The answer of `GET /entity/:namespace/:kind/:name/model`: the registered model with its versions.
 *
 * @public
 */
export interface MlflowModelResponse {
  /** Where the entity's MLflow data lives; absent when it could not be resolved. */
  target?: MlflowEntityTarget;
  /** The registered model; absent when it could not be read. */
  item?: MlflowModelView;
  /** Whose permission a write on this model is checked against. */
  authority?: MlflowWriteAuthority;
  /** Why the model could not be read, per instance; empty on success. */
  errors: InstanceError[];
}

/**
 * The body of `POST /entity/:namespace/:kind/:name/model/aliases`: which alias to point at which version.
 *
 * @public
 */
export interface MlflowSetAliasRequest {
  /** The alias to set or move, e.g. `champion`. */
  alias: string;
  /** The model version the alias will point at. */
  version: string;
}

/**
 * The body of `POST /entity/:namespace/:kind/:name/model/versions/:version/stage` (MLflow 2.x).
 *
 * @public
 */
export interface MlflowTransitionStageRequest {
  /** The stage to move the version to. */
  stage: MlflowStage;
  /** Move the versions currently in that stage to Archived. */
  archiveExistingVersions?: boolean;
}

/**
 * Answer of every write: the model as it is afterwards.
 *
 * @public
 */
export interface MlflowWriteResponse {
  /** The registered model as it is after the write. */
  item: MlflowModelView;
}

/**
 * One configured instance as the browser may see it (the kit's `InstanceSummary`).
 *
 * @public
 */
export type MlflowInstanceSummary = InstanceSummary;

/**
 * The answer of `GET /instances` (the kit's `InstancesResponse`).
 *
 * @public
 */
export type MlflowInstancesResponse = InstancesResponse;
