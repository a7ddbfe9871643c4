/**
 * MLflow REST shapes as the server sends them (snake_case; int64 as JSON numbers; enums as
 * names), the subset the suite reads. Field names follow ../shared/contracts/mlflow.
 */

/**
 * A key/value tag of a run, experiment, model or version.
 *
 * @public
 */
export interface MlflowTag {
  /** The tag's key. */
  key: string;
  /** The tag's value. */
  value: string;
}

/**
 * An MLflow `Experiment`, as the server sends it.
 *
 * @public
 */
export interface MlflowExperiment {
  /** The experiment id. */
  experiment_id: string;
  /** The experiment's unique name. */
  name: string;
  /** Where the experiment's artifacts are stored. */
  artifact_location?: string;
  /** `active` or `deleted`. */
  lifecycle_stage?: string;
  /** Epoch milliseconds of the last update. */
  last_update_time?: number;
  /** Epoch milliseconds of the creation. */
  creation_time?: number;
  /** The experiment's tags. */
  tags?: MlflowTag[];
}

/**
 * The `RunInfo` of an MLflow run: its ids, status and times.
 *
 * @public
 */
export interface MlflowRunInfo {
  /** The run id. */
  run_id: string;
  /** The run id under its deprecated name. */
  run_uuid?: string;
  /** The run's name. */
  run_name?: string;
  /** The id of the experiment the run belongs to. */
  experiment_id: string;
  /** Who created the run. */
  user_id?: string;
  /** The run's lifecycle state. */
  status?: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
  /** Epoch milliseconds of the start. */
  start_time?: number;
  /** Epoch milliseconds of the end; absent while running. */
  end_time?: number;
  /** Where the run's artifacts are stored. */
  artifact_uri?: string;
  /** `active` or `deleted`. */
  lifecycle_stage?: string;
}

/**
 * One `Metric` value of an MLflow run, at a timestamp and step.
 *
 * @public
 */
export interface MlflowMetric {
  /** The metric's key. */
  key: string;
  /** The logged value. */
  value: number;
  /** Epoch milliseconds when the value was logged. */
  timestamp: number;
  /** The step the value was logged at. */
  step?: number;
}

/**
 * One `Param` (input parameter) of an MLflow run.
 *
 * @public
 */
export interface MlflowParam {
  /** The param's key. */
  key: string;
  /** The param's value. */
  value: string;
}

/**
 * An MLflow `Run`: its info and its metrics, params and tags.
 *
 * @public
 */
export interface MlflowRun {
  /** The run's ids, status and times. */
  info: MlflowRunInfo;
  /** The run's latest metrics, its params and tags. */
  data?: {
    metrics?: MlflowMetric[];
    params?: MlflowParam[];
    tags?: MlflowTag[];
  };
}

/**
 * A `RegisteredModelAlias`: an alias of a registered model and the version it points at.
 *
 * @public
 */
export interface MlflowRegisteredModelAlias {
  /** The alias, e.g. `champion`. */
  alias: string;
  /** The model version it points at. */
  version: string;
}

/**
 * An MLflow `ModelVersion` of a registered model.
 *
 * @public
 */
export interface MlflowModelVersion {
  /** The registered model's name. */
  name: string;
  /** The version number, as a string. */
  version: string;
  /** Epoch milliseconds of the creation. */
  creation_timestamp?: number;
  /** Epoch milliseconds of the last update. */
  last_updated_timestamp?: number;
  /** Who created the version. */
  user_id?: string;
  /** The MLflow 2.x stage, e.g. `Production`. */
  current_stage?: string;
  /** The version's description. */
  description?: string;
  /** Where the model artifacts are. */
  source?: string;
  /** The run that produced the version. */
  run_id?: string;
  /** Whether the version is registered yet. */
  status?: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  /** MLflow's message about the status. */
  status_message?: string;
  /** The version's tags. */
  tags?: MlflowTag[];
  /** A link to the run that produced the version. */
  run_link?: string;
  /** The aliases pointing at this version. */
  aliases?: string[];
}

/**
 * An MLflow `RegisteredModel`, with its latest versions, tags and aliases.
 *
 * @public
 */
export interface MlflowRegisteredModel {
  /** The registered model's unique name. */
  name: string;
  /** Epoch milliseconds of the creation. */
  creation_timestamp?: number;
  /** Epoch milliseconds of the last update. */
  last_updated_timestamp?: number;
  /** Who created the model. */
  user_id?: string;
  /** The model's description. */
  description?: string;
  /** The model's tags. */
  tags?: MlflowTag[];
  /** The model's aliases and the versions they point at. */
  aliases?: MlflowRegisteredModelAlias[];
}

/**
 * One page of an MLflow search, and the token of the next page if there is one.
 *
 * @public
 */
export interface MlflowPage<T> {
  /** The items of this page. */
  items: T[];
  /** The token of the next page; absent on the last page. */
  nextPageToken?: string;
}

/**
 * The largest page sizes the MLflow server accepts, per search.
 *
 * @public
 */
export const MLFLOW_MAX_RESULTS = {
  experiments: 50_000,
  runs: 50_000,
  registeredModels: 1_000,
  modelVersions: 200_000,
  metricHistory: 25_000,
} as const;
