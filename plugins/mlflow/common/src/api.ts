import type { InstanceError } from '@mlops-portal/plugin-mlops-common';

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
  runId: string;
  runName?: string;
  experimentId: string;
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
  params: Record<string, string>;
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
  step: number;
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
  version: string;
  /** MLflow 2.x stage; absent on MLflow 3. */
  stage?: MlflowStage;
  status: MlflowModelVersionStatus;
  statusMessage?: string;
  /** Aliases pointing at this version. */
  aliases: string[];
  tags: Record<string, string>;
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
  name: string;
  description?: string;
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
 * `GET /entity/:namespace/:kind/:name/runs`
 *
 * @public
 */
export interface MlflowRunsResponse {
  target?: MlflowEntityTarget;
  /** The experiment the runs belong to. */
  experiment?: { id: string; name: string; url: string };
  items: MlflowRunSummary[];
  /** Opaque; pass back as `pageToken` for the next page. */
  nextPageToken?: string;
  errors: InstanceError[];
}

/**
 * Query of the runs route.
 *
 * @public
 */
export interface MlflowRunsQuery {
  pageToken?: string;
  /** 1–1000, default 25. */
  maxResults?: number;
  /** MLflow order_by clauses, e.g. `metrics.auc DESC`, `attributes.start_time DESC`. */
  orderBy?: string[];
  /** MLflow search filter, e.g. `metrics.auc > 0.9 and params.max_depth = '6'`. */
  filter?: string;
}

/**
 * `GET /entity/:namespace/:kind/:name/runs/:runId`
 *
 * @public
 */
export interface MlflowRunResponse {
  target?: MlflowEntityTarget;
  item?: MlflowRunDetail;
  errors: InstanceError[];
}

/**
 * `GET /entity/:namespace/:kind/:name/compare?runIds=a,b&metrics=auc,val_auc`
 *
 * @public
 */
export interface MlflowCompareResponse {
  target?: MlflowEntityTarget;
  items: MlflowRunDetail[];
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
 * `GET /entity/:namespace/:kind/:name/model`
 *
 * @public
 */
export interface MlflowModelResponse {
  target?: MlflowEntityTarget;
  item?: MlflowModelView;
  /** Whose permission a write on this model is checked against. */
  authority?: MlflowWriteAuthority;
  errors: InstanceError[];
}

/**
 * `POST /entity/:namespace/:kind/:name/model/aliases` body.
 *
 * @public
 */
export interface MlflowSetAliasRequest {
  alias: string;
  version: string;
}

/**
 * `POST /entity/:namespace/:kind/:name/model/versions/:version/stage` body (MLflow 2.x).
 *
 * @public
 */
export interface MlflowTransitionStageRequest {
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
  item: MlflowModelView;
}
