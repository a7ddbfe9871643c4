/**
 * MLflow REST shapes as the server sends them (snake_case; int64 as JSON numbers; enums as
 * names), the subset the suite reads. Field names follow ../shared/contracts/mlflow.
 */

/** A key/value tag of a run, experiment, model or version. */
export interface MlflowTag {
  key: string;
  value: string;
}

/** `Experiment` */
export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  last_update_time?: number;
  creation_time?: number;
  tags?: MlflowTag[];
}

/** `RunInfo` */
export interface MlflowRunInfo {
  run_id: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status?: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

/** `Metric` */
export interface MlflowMetric {
  key: string;
  value: number;
  timestamp: number;
  step?: number;
}

/** `Param` */
export interface MlflowParam {
  key: string;
  value: string;
}

/** `Run` */
export interface MlflowRun {
  info: MlflowRunInfo;
  data?: {
    metrics?: MlflowMetric[];
    params?: MlflowParam[];
    tags?: MlflowTag[];
  };
}

/** `RegisteredModelAlias` */
export interface MlflowRegisteredModelAlias {
  alias: string;
  version: string;
}

/** `ModelVersion` */
export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  status_message?: string;
  tags?: MlflowTag[];
  run_link?: string;
  aliases?: string[];
}

/** `RegisteredModel` */
export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  description?: string;
  latest_versions?: MlflowModelVersion[];
  tags?: MlflowTag[];
  aliases?: MlflowRegisteredModelAlias[];
}

/** One page of a search. */
export interface MlflowPage<T> {
  items: T[];
  nextPageToken?: string;
}

/** The largest page sizes the MLflow server accepts, per search. */
export const MLFLOW_MAX_RESULTS = {
  experiments: 50_000,
  runs: 50_000,
  registeredModels: 1_000,
  modelVersions: 200_000,
  metricHistory: 25_000,
} as const;
