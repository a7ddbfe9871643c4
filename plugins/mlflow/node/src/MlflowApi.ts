import {
  InstanceClients,
  UpstreamInstanceConfig,
} from '@mlops-portal/plugin-mlops-node';
import {
  MlflowExperiment,
  MlflowMetric,
  MlflowModelVersion,
  MlflowPage,
  MlflowRegisteredModel,
  MlflowRun,
  MlflowTag,
} from './types';

/**
 * One configured MLflow instance.
 *
 * @public
 */
export type MlflowInstanceConfig = UpstreamInstanceConfig & {
  /** Major version of the server: 3 (default) or 2. Stages are a 2.x feature. */
  majorVersion: 2 | 3;
};

/**
 * A typed client of one MLflow instance (2.x or 3.x). Errors are `@backstage/errors` types whose
 * message names the instance (NotFoundError for RESOURCE_DOES_NOT_EXIST and for an unknown
 * alias, InputError for INVALID_PARAMETER_VALUE and for bad input caught before any request,
 * ConflictError for RESOURCE_ALREADY_EXISTS, ServiceUnavailableError when the instance is down
 * or answers with an unexpected body).
 *
 * @public
 */
export interface MlflowApi {
  /** The instance this client talks to. */
  readonly instance: MlflowInstanceConfig;

  /** `experiments/get-by-name`. */
  getExperimentByName(name: string): Promise<MlflowExperiment>;
  /** `experiments/get`. */
  getExperiment(experimentId: string): Promise<MlflowExperiment>;
  /** `experiments/search`, one page. */
  searchExperiments(request: {
    filter?: string;
    orderBy?: string[];
    maxResults?: number;
    pageToken?: string;
  }): Promise<MlflowPage<MlflowExperiment>>;
  /** `experiments/create`; returns the new experiment id. */
  createExperiment(request: {
    name: string;
    artifactLocation?: string;
    tags?: MlflowTag[];
  }): Promise<{ experimentId: string }>;

  /** `runs/search`, one page. */
  searchRuns(request: {
    experimentIds: string[];
    filter?: string;
    orderBy?: string[];
    maxResults?: number;
    pageToken?: string;
  }): Promise<MlflowPage<MlflowRun>>;
  /** `runs/get`. */
  getRun(runId: string): Promise<MlflowRun>;
  /** `metrics/get-history`, one page. */
  getMetricHistory(request: {
    runId: string;
    metricKey: string;
    maxResults?: number;
    pageToken?: string;
  }): Promise<MlflowPage<MlflowMetric>>;
  /** `metrics/get-history`, every page. */
  getFullMetricHistory(
    runId: string,
    metricKey: string,
  ): Promise<MlflowMetric[]>;

  /** `registered-models/search`, one page. */
  searchRegisteredModels(request: {
    filter?: string;
    orderBy?: string[];
    maxResults?: number;
    pageToken?: string;
    /**
     * `false` skips the short-TTL cache: bulk reads (catalog ingestion) would only fill it with
     * large pages nobody reads again. Default true.
     */
    cache?: boolean;
  }): Promise<MlflowPage<MlflowRegisteredModel>>;
  /** `registered-models/get`. */
  getRegisteredModel(name: string): Promise<MlflowRegisteredModel>;
  /** `registered-models/create`. */
  createRegisteredModel(request: {
    name: string;
    description?: string;
    tags?: MlflowTag[];
  }): Promise<MlflowRegisteredModel>;
  /** `registered-models/set-tag`. */
  setRegisteredModelTag(
    name: string,
    key: string,
    value: string,
  ): Promise<void>;

  /** `model-versions/search`, one page. */
  searchModelVersions(request: {
    filter?: string;
    orderBy?: string[];
    maxResults?: number;
    pageToken?: string;
    /**
     * `false` skips the short-TTL cache: bulk reads (catalog ingestion) would only fill it with
     * large pages nobody reads again. Default true.
     */
    cache?: boolean;
  }): Promise<MlflowPage<MlflowModelVersion>>;
  /** `model-versions/get`. */
  getModelVersion(name: string, version: string): Promise<MlflowModelVersion>;
  /** `model-versions/create`: registers the next version of a model from artifacts (`source`). */
  createModelVersion(request: {
    name: string;
    /** Where the model artifacts are, e.g. `runs:/<run id>/model` or an artifact URI. */
    source: string;
    runId?: string;
    runLink?: string;
    description?: string;
    tags?: MlflowTag[];
  }): Promise<MlflowModelVersion>;
  /** `registered-models/alias` (GET): the version an alias points at. */
  getModelVersionByAlias(
    name: string,
    alias: string,
  ): Promise<MlflowModelVersion>;
  /** `registered-models/alias` (POST): creates or moves an alias. */
  setAlias(name: string, alias: string, version: string): Promise<void>;
  /** `registered-models/alias` (DELETE). */
  deleteAlias(name: string, alias: string): Promise<void>;
  /**
   * `model-versions/transition-stage`. MLflow 2.x only: on a 3.x instance it throws InputError
   * saying stages are replaced by aliases, without calling the server.
   */
  transitionStage(request: {
    name: string;
    version: string;
    stage: string;
    archiveExistingVersions: boolean;
  }): Promise<MlflowModelVersion>;
  /** `model-versions/set-tag`. */
  setModelVersionTag(
    name: string,
    version: string,
    key: string,
    value: string,
  ): Promise<void>;
}

/**
 * Every configured MLflow instance's client (`mlflowClientsServiceRef`).
 *
 * @public
 */
export type MlflowClients = InstanceClients<MlflowApi, MlflowInstanceConfig>;
