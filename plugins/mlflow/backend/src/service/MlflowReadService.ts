import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  MlflowCompareResponse,
  MlflowEntityTarget,
  MlflowInstancesResponse,
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
import type { InstanceError } from '@mlops-portal/plugin-mlops-common';
import {
  EntityReadContext,
  IngestedEntityAuthority,
  instanceSummaries,
  mapWithConcurrency,
  readOrInstanceError,
} from '@mlops-portal/plugin-mlops-node';
import { loadModelView } from './models';
import {
  requireExperiment,
  requireRegisteredModel,
  ResolvedTarget,
  resolveTarget,
} from './resolveTarget';
import { toRunDetail, toRunSummaries } from './viewModels';

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
  /** Decides restricted reads, and tells who may write a model. */
  authority: IngestedEntityAuthority;
  logger: LoggerService;
}

/** Who reads, through which entity (the entity as the caller sees it). */
export type ReadContext = EntityReadContext;

/**
 * What the entity page reads from MLflow, as the view models of `@mlops-portal/plugin-mlflow-common`.
 *
 * @remarks
 * A failing instance is data (`errors`), not an exception; an unknown experiment, model or run
 * is a NotFoundError, a bad filter or page token an InputError. Runs are those of the entity's
 * annotated experiment only: a run of another experiment is reported as not found. Upstream
 * answers are cached once, by the kit's read cache under the client; nothing here caches again.
 */
export class MlflowReadService {
  constructor(private readonly options: MlflowReadServiceOptions) {}

  private get clients(): MlflowClients {
    return this.options.clients;
  }

  private get authority(): IngestedEntityAuthority {
    return this.options.authority;
  }

  private get logger(): LoggerService {
    return this.options.logger;
  }

  /**
   * The configured instances in config order, the default first: only names and UI URLs,
   * never an API URL or credentials. Read from config, so MLflow is not called.
   */
  listInstances(): MlflowInstancesResponse {
    return { instances: instanceSummaries(this.clients.instances) };
  }

  /** One page of the runs of the entity's experiment. */
  async getRuns(
    ctx: ReadContext,
    query: MlflowRunsQuery,
  ): Promise<MlflowRunsResponse> {
    const { resolved, annotation } = await this.experimentRead(ctx);
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
          items: toRunSummaries(page.items, resolved.target),
          ...(page.nextPageToken && { nextPageToken: page.nextPageToken }),
          errors: [],
        };
      },
      errors => ({ items: [], errors }),
    );
  }

  /** One run of the entity's experiment with params, tags and every metric's history. */
  async getRun(ctx: ReadContext, runId: string): Promise<MlflowRunResponse> {
    const { resolved, annotation } = await this.experimentRead(ctx);
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
    ctx: ReadContext,
    request: { runIds: string[]; metrics?: string[] },
  ): Promise<MlflowCompareResponse> {
    const { resolved, annotation } = await this.experimentRead(ctx);
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

  /**
   * The entity's registered model with every version, and whose permission a write on it is
   * checked against.
   */
  async getModel(ctx: ReadContext): Promise<MlflowModelResponse> {
    const resolved = resolveTarget(ctx.entity, this.clients);
    const { model, locator } = requireRegisteredModel(resolved);
    await this.authority.authorizeRead(locator, ctx.credentials);
    const [answer, authority] = await Promise.all([
      this.asData<MlflowModelResponse>(
        resolved,
        async () => ({
          item: await loadModelView(resolved, model),
          errors: [],
        }),
        errors => ({ errors }),
      ),
      this.authority.whoMayWrite(locator),
    ]);
    return { ...answer, authority };
  }

  /** The entity's experiment annotation, once a restricted read is allowed. */
  private async experimentRead(ctx: ReadContext) {
    const resolved = resolveTarget(ctx.entity, this.clients);
    const annotation = requireExperiment(resolved);
    // No provider ingests experiments: restricted reads of runs are for admins.
    await this.authority.authorizeRead(
      undefined,
      ctx.credentials,
      `the runs of MLflow experiment '${annotation}' on instance '${resolved.target.instance}'`,
    );
    return { resolved, annotation };
  }

  /**
   * Runs a read; an instance failure becomes the `empty` answer with the error as data.
   */
  private async asData<T extends { errors: InstanceError[] }>(
    resolved: ResolvedTarget,
    read: () => Promise<T>,
    empty: (errors: InstanceError[]) => T,
  ): Promise<T & { target: MlflowEntityTarget }> {
    const answer = await readOrInstanceError({
      system: 'MLflow',
      instance: resolved.target.instance,
      logger: this.logger,
      logMeta: { entityRef: resolved.entityRef },
      read,
      empty,
    });
    return { target: resolved.target, ...answer };
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
