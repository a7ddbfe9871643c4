import { toInstanceError } from '@mlops-portal/plugin-mlops-node';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  MlflowCompareResponse,
  MlflowEntityTarget,
  MlflowInstanceError,
  MlflowModelResponse,
  MlflowRunDetail,
  MlflowRunResponse,
  MlflowRunsQuery,
  MlflowRunsResponse,
  mlflowUiLinks,
} from '@mlops-portal/plugin-mlflow-common';
import type {
  MlflowClients,
  MlflowExperiment,
  MlflowMetric,
} from '@mlops-portal/plugin-mlflow-node';
import { mapWithConcurrency } from './concurrency';
import { loadModelView } from './models';
import { ReadThroughCache } from './ReadThroughCache';
import {
  requireExperiment,
  requireRegisteredModel,
  ResolvedTarget,
  resolveTarget,
} from './resolveTarget';
import { toRunDetail, toRunSummary } from './viewModels';

/** Runs per page when the caller does not say. */
export const DEFAULT_RUNS_PAGE_SIZE = 25;
/** The most runs one compare request may name. */
export const MAX_COMPARE_RUNS = 10;
// Upstream reads in flight for one request: a compare of 10 runs with 7 metrics each would
// otherwise open 70 requests to the instance at once. Runs × histories per run.
const COMPARE_RUN_CONCURRENCY = 2;
const HISTORY_CONCURRENCY = 4;

/** Options of {@link MlflowReadService}. */
export interface MlflowReadServiceOptions {
  clients: MlflowClients;
  logger: LoggerService;
  /** The plugin's cache, for runs pages; without it they are only coalesced. */
  cache?: CacheService;
}

/**
 * What the entity page reads from MLflow, as the view models of `@mlops-portal/plugin-mlflow-common`.
 *
 * @remarks
 * A failing instance is data (`errors`), not an exception; an unknown experiment, model or run
 * is a NotFoundError, a bad filter or page token an InputError. Runs are those of the entity's
 * annotated experiment only: a run of another experiment is reported as not found.
 */
export class MlflowReadService {
  private readonly clients: MlflowClients;
  private readonly logger: LoggerService;
  private readonly runsPages: ReadThroughCache;

  constructor(options: MlflowReadServiceOptions) {
    this.clients = options.clients;
    this.logger = options.logger;
    this.runsPages = new ReadThroughCache({
      cache: options.cache,
      logger: options.logger,
      namespace: 'runs-page',
    });
  }

  /**
   * {@link MlflowReadService.getRuns} as the JSON text of the answer, cached for the instance's
   * `cacheTtl` and shared by concurrent identical requests.
   *
   * @remarks
   * The runs table is the busiest read of the entity page, and what it shows depends only on the
   * entity's annotations and the query, not on who asks (access to the entity is checked before
   * this is called). Caching the finished answer as text saves, per request, the upstream client's
   * cache reads, the mapping to view models and the serialization. Answers with instance errors
   * are not cached, so a recovered instance shows at once. Once warm, no request waits for
   * MLflow: a page past its `cacheTtl` is still served for one more `cacheTtl` while one
   * background reload replaces it, so a page may be up to three times the `cacheTtl` old (this
   * cache, its stale window, and the client's cache underneath).
   */
  async getRunsJson(entity: Entity, query: MlflowRunsQuery): Promise<string> {
    const resolved = resolveTarget(entity, this.clients);
    requireExperiment(resolved);
    let cacheable = false;
    return this.runsPages.text(
      [JSON.stringify(resolved.target), JSON.stringify(query)],
      resolved.client.instance.cacheTtlMs,
      async () => {
        const page = await this.getRuns(entity, query);
        cacheable = page.errors.length === 0;
        return JSON.stringify(page);
      },
      () => cacheable,
      { staleMs: resolved.client.instance.cacheTtlMs },
    );
  }

  /** One page of the runs of the entity's experiment. */
  async getRuns(
    entity: Entity,
    query: MlflowRunsQuery,
  ): Promise<MlflowRunsResponse> {
    const resolved = resolveTarget(entity, this.clients);
    const annotation = requireExperiment(resolved);
    return this.asData<MlflowRunsResponse>(
      resolved,
      async () => {
        const experiment = await findExperiment(resolved, annotation);
        const page = await resolved.client.searchRuns({
          experimentIds: [experiment.experiment_id],
          filter: query.filter,
          orderBy: query.orderBy,
          maxResults: query.maxResults ?? DEFAULT_RUNS_PAGE_SIZE,
          pageToken: query.pageToken,
        });
        return {
          experiment: {
            id: experiment.experiment_id,
            name: experiment.name,
            url: mlflowUiLinks.experiment(
              resolved.target.uiUrl,
              experiment.experiment_id,
            ),
          },
          items: page.items.map(run => toRunSummary(run, resolved.target)),
          ...(page.nextPageToken && { nextPageToken: page.nextPageToken }),
          errors: [],
        };
      },
      errors => ({ items: [], errors }),
    );
  }

  /** One run of the entity's experiment with params, tags and every metric's history. */
  async getRun(entity: Entity, runId: string): Promise<MlflowRunResponse> {
    const resolved = resolveTarget(entity, this.clients);
    const annotation = requireExperiment(resolved);
    return this.asData<MlflowRunResponse>(
      resolved,
      async () => {
        const experiment = await findExperiment(resolved, annotation);
        const item = await loadRunDetail(resolved, experiment, runId);
        return { item, errors: [] };
      },
      errors => ({ errors }),
    );
  }

  /** Several runs of the entity's experiment with their histories, for a comparison chart. */
  async compareRuns(
    entity: Entity,
    request: { runIds: string[]; metrics?: string[] },
  ): Promise<MlflowCompareResponse> {
    const resolved = resolveTarget(entity, this.clients);
    const annotation = requireExperiment(resolved);
    return this.asData<MlflowCompareResponse>(
      resolved,
      async () => {
        const experiment = await findExperiment(resolved, annotation);
        const items = await mapWithConcurrency(
          request.runIds,
          COMPARE_RUN_CONCURRENCY,
          runId => loadRunDetail(resolved, experiment, runId, request.metrics),
        );
        return { items, errors: [] };
      },
      errors => ({ items: [], errors }),
    );
  }

  /** The entity's registered model with every version. */
  async getModel(entity: Entity): Promise<MlflowModelResponse> {
    const resolved = resolveTarget(entity, this.clients);
    const name = requireRegisteredModel(resolved);
    return this.asData<MlflowModelResponse>(
      resolved,
      async () => ({ item: await loadModelView(resolved, name), errors: [] }),
      errors => ({ errors }),
    );
  }

  /**
   * Runs a read; an instance failure becomes the `empty` answer with the error as data.
   */
  private async asData<T extends { errors: MlflowInstanceError[] }>(
    resolved: ResolvedTarget,
    read: () => Promise<T>,
    empty: (errors: MlflowInstanceError[]) => T,
  ): Promise<T & { target: MlflowEntityTarget }> {
    try {
      return { target: resolved.target, ...(await read()) };
    } catch (error) {
      const instanceError = toInstanceError(error, resolved.target.instance);
      if (!instanceError) {
        throw error;
      }
      this.logger.warn('MLflow instance failed; answering with the error', {
        entityRef: resolved.entityRef,
        instance: instanceError.instance,
        ...(instanceError.status !== undefined && {
          status: instanceError.status,
        }),
        error: instanceError.message,
      });
      return { target: resolved.target, ...empty([instanceError]) };
    }
  }
}

/**
 * The annotated experiment: looked up by name, and by id when no experiment has that name and
 * the value is numeric (`mlflow.org/experiment: "12"` names experiment 12 unless one is called "12").
 */
async function findExperiment(
  resolved: ResolvedTarget,
  annotation: string,
): Promise<MlflowExperiment> {
  const { client } = resolved;
  try {
    return await client.getExperimentByName(annotation);
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
  if (/^\d+$/.test(annotation)) {
    try {
      return await client.getExperiment(annotation);
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
    }
  }
  throw new NotFoundError(
    `MLflow experiment '${annotation}' (annotated on '${resolved.entityRef}') was not found on instance '${resolved.target.instance}'`,
  );
}

async function loadRunDetail(
  resolved: ResolvedTarget,
  experiment: MlflowExperiment,
  runId: string,
  metrics?: string[],
): Promise<MlflowRunDetail> {
  const { client } = resolved;
  // The same answer whether the run does not exist or belongs to another experiment: the
  // entity grants access to its own experiment's runs, not to the existence of others.
  const notFound = () =>
    new NotFoundError(
      `MLflow run '${runId}' was not found in experiment '${experiment.name}' on instance '${resolved.target.instance}'`,
    );
  let run;
  try {
    run = await client.getRun(runId);
  } catch (error) {
    throw isNotFound(error) ? notFound() : error;
  }
  if (run.info.experiment_id !== experiment.experiment_id) {
    throw notFound();
  }
  const logged = [...new Set((run.data?.metrics ?? []).map(m => m.key))];
  const keys = metrics ? logged.filter(key => metrics.includes(key)) : logged;
  const histories = await mapWithConcurrency(
    keys,
    HISTORY_CONCURRENCY,
    async (key): Promise<[string, MlflowMetric[]]> => [
      key,
      await client.getFullMetricHistory(runId, key),
    ],
  );
  return toRunDetail(run, Object.fromEntries(histories), resolved.target);
}

function isNotFound(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'NotFoundError';
}
