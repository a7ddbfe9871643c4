import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import {
  collectAll,
  paginateByToken,
  ReadCache,
  UpstreamQuery,
} from '@mlops-portal/plugin-mlops-node';
import { getMlflowErrorCode, reclass } from './errors';
import { MlflowApi, MlflowInstanceConfig } from './MlflowApi';
import { MlflowTransport } from './MlflowTransport';
import { ResponseReader } from './parse';
import { AnswerDecoders, createAnswerDecoders } from './read/answers';
import { readModelVersion, readRegisteredModel } from './read/messages';
import {
  MLFLOW_MAX_RESULTS,
  MlflowExperiment,
  MlflowMetric,
  MlflowModelVersion,
  MlflowPage,
  MlflowRegisteredModel,
  MlflowRun,
  MlflowTag,
} from './types';
import {
  checkMaxResults,
  requireAlias,
  requireStage,
  requireText,
  requireVersion,
} from './validation';

const API = '/api/2.0/mlflow';

/**
 * Options for {@link MlflowClient}.
 *
 * @public
 */
export interface MlflowClientOptions {
  /** The instance, from `readMlflowInstanceConfigs`. */
  instance: MlflowInstanceConfig;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /** The plugin's read cache (`readCacheServiceRef`); without it reads are only coalesced. */
  readCache?: ReadCache;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The MLflow REST client of one instance (MLflow 2.x or 3.x), built on `UpstreamHttpClient`.
 *
 * @remarks
 * Create one per instance and keep it: identical concurrent reads share one upstream call and
 * reads are cached in the plugin's read cache for the instance's `cacheTtl` (GETs and the
 * read-only `runs/search` POST). Writes are never retried or cached, and every write makes later
 * reads of the instance fresh. User-supplied names are checked first: a bad one is an InputError
 * and no request is sent. Every answer is read field by field: one the portal cannot use is a
 * ServiceUnavailableError naming the field. A cached answer is read once per load and the result
 * is shared, deep-frozen, by every caller: copy what you want to change.
 *
 * @public
 */
export class MlflowClient implements MlflowApi {
  /** {@inheritDoc MlflowApi."instance"} */
  readonly instance: MlflowInstanceConfig;
  private readonly transport: MlflowTransport;
  private readonly decode: AnswerDecoders;

  constructor(options: MlflowClientOptions) {
    this.instance = options.instance;
    this.transport = new MlflowTransport(options);
    this.decode = createAnswerDecoders(options.instance.name);
  }

  /** {@inheritDoc MlflowApi.getExperimentByName} */
  async getExperimentByName(name: string): Promise<MlflowExperiment> {
    return this.transport.get(
      `${API}/experiments/get-by-name`,
      {
        experiment_name: requireText(name, 'Experiment name'),
      },
      this.decode.experimentByName,
    );
  }

  /** {@inheritDoc MlflowApi.getExperiment} */
  async getExperiment(experimentId: string): Promise<MlflowExperiment> {
    return this.transport.get(
      `${API}/experiments/get`,
      {
        experiment_id: requireText(experimentId, 'Experiment id'),
      },
      this.decode.experiment,
    );
  }

  /** {@inheritDoc MlflowApi.searchExperiments} */
  async searchExperiments(
    request: Parameters<MlflowApi['searchExperiments']>[0],
  ): Promise<MlflowPage<MlflowExperiment>> {
    // MLflow serves experiments/search as GET too, which the shared layer caches and coalesces.
    return this.transport.get(
      `${API}/experiments/search`,
      searchQuery(request, MLFLOW_MAX_RESULTS.experiments),
      this.decode.experiments,
    );
  }

  /** {@inheritDoc MlflowApi.createExperiment} */
  async createExperiment(
    request: Parameters<MlflowApi['createExperiment']>[0],
  ): Promise<{ experimentId: string }> {
    const body = await this.transport.write(
      'POST',
      `${API}/experiments/create`,
      compact({
        name: requireText(request.name, 'Experiment name'),
        artifact_location: request.artifactLocation,
        tags: checkTags(request.tags),
      }),
    );
    return {
      experimentId: read(this.instance, 'experiments/create', body).string(
        'experiment_id',
      ),
    };
  }

  /** {@inheritDoc MlflowApi.searchRuns} */
  async searchRuns(
    request: Parameters<MlflowApi['searchRuns']>[0],
  ): Promise<MlflowPage<MlflowRun>> {
    const experimentIds = request.experimentIds ?? [];
    if (experimentIds.length === 0) {
      throw new InputError('searchRuns needs at least one experiment id');
    }
    experimentIds.forEach(id => requireText(id, 'Experiment id'));
    return this.transport.readOnlyPost(
      `${API}/runs/search`,
      compact({
        experiment_ids: experimentIds,
        filter: request.filter || undefined,
        max_results: checkMaxResults(
          request.maxResults,
          MLFLOW_MAX_RESULTS.runs,
        ),
        order_by: nonEmpty(request.orderBy),
        page_token: request.pageToken || undefined,
      }),
      this.decode.runs,
    );
  }

  /** {@inheritDoc MlflowApi.getRun} */
  async getRun(runId: string): Promise<MlflowRun> {
    return this.transport.get(
      `${API}/runs/get`,
      {
        run_id: requireText(runId, 'Run id'),
      },
      this.decode.run,
    );
  }

  /** {@inheritDoc MlflowApi.getMetricHistory} */
  async getMetricHistory(
    request: Parameters<MlflowApi['getMetricHistory']>[0],
  ): Promise<MlflowPage<MlflowMetric>> {
    return this.transport.get(
      `${API}/metrics/get-history`,
      {
        run_id: requireText(request.runId, 'Run id'),
        metric_key: requireText(request.metricKey, 'Metric key'),
        // MLflow pages the history only when max_results or page_token is sent.
        max_results:
          checkMaxResults(
            request.maxResults,
            MLFLOW_MAX_RESULTS.metricHistory,
          ) ?? MLFLOW_MAX_RESULTS.metricHistory,
        page_token: request.pageToken || undefined,
      },
      this.decode.metricHistory,
    );
  }

  /** {@inheritDoc MlflowApi.getFullMetricHistory} */
  async getFullMetricHistory(
    runId: string,
    metricKey: string,
  ): Promise<MlflowMetric[]> {
    return collectAll(
      paginateByToken(pageToken =>
        this.getMetricHistory({
          runId,
          metricKey,
          maxResults: MLFLOW_MAX_RESULTS.metricHistory,
          pageToken,
        }),
      ),
    );
  }

  /** {@inheritDoc MlflowApi.searchRegisteredModels} */
  async searchRegisteredModels(
    request: Parameters<MlflowApi['searchRegisteredModels']>[0],
  ): Promise<MlflowPage<MlflowRegisteredModel>> {
    return this.transport.get(
      `${API}/registered-models/search`,
      searchQuery(request, MLFLOW_MAX_RESULTS.registeredModels),
      this.decode.registeredModels,
      { cache: request.cache },
    );
  }

  /** {@inheritDoc MlflowApi.getRegisteredModel} */
  async getRegisteredModel(name: string): Promise<MlflowRegisteredModel> {
    return this.transport.get(
      `${API}/registered-models/get`,
      {
        name: requireText(name, 'Registered model name'),
      },
      this.decode.registeredModel,
    );
  }

  /** {@inheritDoc MlflowApi.createRegisteredModel} */
  async createRegisteredModel(
    request: Parameters<MlflowApi['createRegisteredModel']>[0],
  ): Promise<MlflowRegisteredModel> {
    const body = await this.transport.write(
      'POST',
      `${API}/registered-models/create`,
      compact({
        name: requireText(request.name, 'Registered model name'),
        tags: checkTags(request.tags),
        description: request.description,
      }),
    );
    return read(this.instance, 'registered-models/create', body).message(
      'registered_model',
      readRegisteredModel,
    );
  }

  /** {@inheritDoc MlflowApi.setRegisteredModelTag} */
  async setRegisteredModelTag(
    name: string,
    key: string,
    value: string,
  ): Promise<void> {
    await this.transport.write('POST', `${API}/registered-models/set-tag`, {
      name: requireText(name, 'Registered model name'),
      key: requireText(key, 'Tag key'),
      value: checkTagValue(value),
    });
  }

  /** {@inheritDoc MlflowApi.searchModelVersions} */
  async searchModelVersions(
    request: Parameters<MlflowApi['searchModelVersions']>[0],
  ): Promise<MlflowPage<MlflowModelVersion>> {
    return this.transport.get(
      `${API}/model-versions/search`,
      searchQuery(request, MLFLOW_MAX_RESULTS.modelVersions),
      this.decode.modelVersions,
      { cache: request.cache },
    );
  }

  /** {@inheritDoc MlflowApi.getModelVersion} */
  async getModelVersion(
    name: string,
    version: string,
  ): Promise<MlflowModelVersion> {
    return this.transport.get(
      `${API}/model-versions/get`,
      {
        name: requireText(name, 'Registered model name'),
        version: requireVersion(version),
      },
      this.decode.modelVersion,
    );
  }

  /** {@inheritDoc MlflowApi.createModelVersion} */
  async createModelVersion(
    request: Parameters<MlflowApi['createModelVersion']>[0],
  ): Promise<MlflowModelVersion> {
    const body = await this.transport.write(
      'POST',
      `${API}/model-versions/create`,
      compact({
        name: requireText(request.name, 'Registered model name'),
        source: requireText(request.source, 'Model version source'),
        run_id: request.runId || undefined,
        tags: checkTags(request.tags),
        run_link: request.runLink || undefined,
        description: request.description,
      }),
    );
    return read(this.instance, 'model-versions/create', body).message(
      'model_version',
      readModelVersion,
    );
  }

  /** {@inheritDoc MlflowApi.getModelVersionByAlias} */
  async getModelVersionByAlias(
    name: string,
    alias: string,
  ): Promise<MlflowModelVersion> {
    const query = {
      name: requireText(name, 'Registered model name'),
      alias: requireAlias(alias),
    };
    try {
      return await this.transport.get(
        `${API}/registered-models/alias`,
        query,
        this.decode.versionByAlias,
      );
    } catch (error) {
      throw await aliasNotFound(this, error, name, alias);
    }
  }

  /** {@inheritDoc MlflowApi.setAlias} */
  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.transport.write('POST', `${API}/registered-models/alias`, {
      name: requireText(name, 'Registered model name'),
      alias: requireAlias(alias),
      version: requireVersion(version),
    });
  }

  /** {@inheritDoc MlflowApi.deleteAlias} */
  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.transport.write('DELETE', `${API}/registered-models/alias`, {
      name: requireText(name, 'Registered model name'),
      alias: requireAlias(alias),
    });
  }

  /** {@inheritDoc MlflowApi.transitionStage} */
  async transitionStage(
    request: Parameters<MlflowApi['transitionStage']>[0],
  ): Promise<MlflowModelVersion> {
    if (this.instance.majorVersion !== 2) {
      throw new InputError(
        `mlflow instance '${this.instance.name}' runs MLflow ${this.instance.majorVersion}: ` +
          'model version stages are an MLflow 2.x feature, replaced by aliases in MLflow 3; ' +
          'set an alias instead (e.g. champion)',
      );
    }
    const body = await this.transport.write(
      'POST',
      `${API}/model-versions/transition-stage`,
      {
        name: requireText(request.name, 'Registered model name'),
        version: requireVersion(request.version),
        stage: requireStage(request.stage),
        archive_existing_versions: request.archiveExistingVersions === true,
      },
    );
    return read(this.instance, 'model-versions/transition-stage', body).message(
      'model_version',
      readModelVersion,
    );
  }

  /** {@inheritDoc MlflowApi.setModelVersionTag} */
  async setModelVersionTag(
    name: string,
    version: string,
    key: string,
    value: string,
  ): Promise<void> {
    await this.transport.write('POST', `${API}/model-versions/set-tag`, {
      name: requireText(name, 'Registered model name'),
      version: requireVersion(version),
      key: requireText(key, 'Tag key'),
      value: checkTagValue(value),
    });
  }
}

/**
 * MLflow's stores answer `GET registered-models/alias` for an unknown alias with 400
 * INVALID_PARAMETER_VALUE (the same code as for a malformed request). The name and alias were
 * checked before sending, so the model's own alias list decides whether the alias is missing:
 * then the error is a NotFoundError, otherwise it is passed on.
 */
async function aliasNotFound(
  client: MlflowClient,
  error: unknown,
  name: string,
  alias: string,
): Promise<unknown> {
  if (getMlflowErrorCode(error) !== 'INVALID_PARAMETER_VALUE') {
    return error;
  }
  let model;
  try {
    model = await client.getRegisteredModel(name);
  } catch {
    return error;
  }
  return (model.aliases ?? []).some(a => a.alias === alias)
    ? error
    : reclass(error as Error, NotFoundError);
}

function read(
  instance: MlflowInstanceConfig,
  operation: string,
  body: unknown,
): ResponseReader {
  return new ResponseReader(instance.name, operation, body);
}

type SearchRequest = {
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
};

function searchQuery(
  request: SearchRequest,
  maxResults: number,
): UpstreamQuery {
  return {
    filter: request.filter || undefined,
    order_by: nonEmpty(request.orderBy),
    max_results: checkMaxResults(request.maxResults, maxResults),
    page_token: request.pageToken || undefined,
  };
}

function nonEmpty(values: string[] | undefined): string[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

function checkTags(tags: MlflowTag[] | undefined): JsonValue | undefined {
  if (!tags || tags.length === 0) {
    return undefined;
  }
  return tags.map(tag => ({
    key: requireText(tag.key, 'Tag key'),
    value: checkTagValue(tag.value),
  }));
}

function checkTagValue(value: unknown): string {
  if (typeof value !== 'string') {
    throw new InputError('Tag value must be a string');
  }
  return value;
}

/** Leaves out undefined fields, which MLflow's JSON parser would reject as null. */
function compact(fields: Record<string, JsonValue | undefined>): JsonValue {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as JsonValue;
}
