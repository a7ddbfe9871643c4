import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  KubeflowEntityTarget,
  KubeflowExperimentsResponse,
  KubeflowPipelineResponse,
  KubeflowRecurringRunsResponse,
  KubeflowRunGraphResponse,
  KubeflowRunsQuery,
  KubeflowRunsResponse,
} from '@mlops-portal/plugin-kubeflow-common';
import type { KubeflowClients } from '@mlops-portal/plugin-kubeflow-node';
import type {
  InstanceError,
  InstancesResponse,
} from '@mlops-portal/plugin-mlops-common';
import {
  EntityReadContext,
  IngestedEntityAuthority,
  instanceSummaries,
  readOrInstanceError,
} from '@mlops-portal/plugin-mlops-node';
import { DEFAULT_RUNS_PAGE_SIZE } from '../schemas';
import { asInstanceFailure } from './instanceFailure';
import {
  requirePipeline,
  requirePipelineAnnotation,
  ResolvedEntity,
  resolveEntity,
  resolveObjects,
  ResolvedTarget,
} from './resolveTarget';
import {
  entityRun,
  recurringRunsOf,
  runsSource,
  specTasks,
} from './entityObjects';
import { NEWEST_FIRST, RunPages } from './runPages';
import {
  toExperimentView,
  toPipelineView,
  toRecurringRunView,
  toRunView,
  toTaskGraph,
} from './viewModels';

/**
 * Versions the pipeline card shows: the first page, newest first.
 *
 * @internal
 */
export const VERSIONS_PAGE_SIZE = 20;

/**
 * Options of {@link KubeflowReadService}.
 *
 * @internal
 */
export interface KubeflowReadServiceOptions {
  clients: KubeflowClients;
  /** Decides restricted reads, and tells who may act on a pipeline. */
  authority: IngestedEntityAuthority;
  logger: LoggerService;
}

/**
 * Who reads, through which entity (the entity as the caller sees it).
 *
 * @internal
 */
export type ReadContext = EntityReadContext;

/**
 * What the entity page reads from Kubeflow Pipelines, as the view models of
 * `@mlops-portal/plugin-kubeflow-common`.
 *
 * @remarks
 * An entity reads only what its annotations lead to: its pipeline (`kubeflow.org/pipeline`) and
 * experiment (`kubeflow.org/experiment`), their runs and recurring runs; a run or recurring run
 * of anything else is a NotFoundError, whether or not KFP has it. A failing instance is data
 * (`errors`), not an exception, and so is an annotation naming an object KFP does not have (a
 * 404 entry). The run graph has no `errors`: there an instance failure is a 503 naming it.
 * Answers are cached and coalesced by the kit's read cache under the client; nothing here
 * caches again.
 *
 * @internal
 */
export class KubeflowReadService {
  private readonly clients: KubeflowClients;
  private readonly authority: IngestedEntityAuthority;
  private readonly logger: LoggerService;
  private readonly runPages = new RunPages();

  constructor(options: KubeflowReadServiceOptions) {
    this.clients = options.clients;
    this.authority = options.authority;
    this.logger = options.logger;
  }

  /**
   * The configured instances in config order, the default first: only names and UI URLs,
   * never an API URL or credentials. Read from config, so KFP is not called.
   */
  listInstances(): InstancesResponse {
    return { instances: instanceSummaries(this.clients.instances) };
  }

  /** The entity's pipeline with its newest versions (and their parameters) and who may act on it. */
  async getPipeline(ctx: ReadContext): Promise<KubeflowPipelineResponse> {
    const resolved = resolveEntity(ctx.entity, this.clients);
    requirePipelineAnnotation(resolved, 'show its pipeline');
    return this.asData<KubeflowPipelineResponse>(
      resolved,
      ctx,
      async target => {
        const pipeline = requirePipeline(target, 'show its pipeline');
        const { client } = target;
        const [versions, authority] = await Promise.all([
          client.listPipelineVersions(pipeline.pipelineId, {
            sortBy: NEWEST_FIRST,
            pageSize: Math.min(VERSIONS_PAGE_SIZE, client.instance.pageSize),
          }),
          this.authority.whoMayWrite(target.locator(pipeline)),
        ]);
        return {
          pipeline: toPipelineView(
            pipeline,
            versions.items,
            target.base.uiUrl,
            authority,
          ),
          errors: [],
        };
      },
      errors => ({ errors }),
    );
  }

  /** One page of the entity's runs, newest first: its experiment's, else its pipeline's. */
  async getRuns(
    ctx: ReadContext,
    query: KubeflowRunsQuery,
  ): Promise<KubeflowRunsResponse> {
    const resolved = resolveEntity(ctx.entity, this.clients);
    return this.asData<KubeflowRunsResponse>(
      resolved,
      ctx,
      async target => {
        const page = await this.runPages.page(
          target.client,
          runsSource(target),
          {
            state: query.state,
            pageSize: query.pageSize ?? DEFAULT_RUNS_PAGE_SIZE,
            pageToken: query.pageToken,
          },
        );
        return {
          items: page.items.map(run => toRunView(run, target.base.uiUrl)),
          ...(page.nextPageToken && { nextPageToken: page.nextPageToken }),
          ...(page.totalSize !== undefined && { totalSize: page.totalSize }),
          errors: [],
        };
      },
      errors => ({ items: [], errors }),
    );
  }

  /**
   * One run of the entity's with its task graph: its version's spec tasks and edges, with the
   * states the run reports for them.
   *
   * @throws NotFoundError when the run is not one of the entity's pipeline or experiment;
   * ServiceUnavailableError naming the instance when it fails
   */
  async getRunGraph(
    ctx: ReadContext,
    runId: string,
  ): Promise<KubeflowRunGraphResponse> {
    const resolved = resolveEntity(ctx.entity, this.clients);
    try {
      const target = await resolveObjects(resolved);
      await this.authorizeRead(target, ctx.credentials);
      const run = await entityRun(target, runId);
      const spec = await specTasks(target, run);
      return {
        run: toRunView(run, target.base.uiUrl),
        tasks: toTaskGraph(spec, run.tasks),
      };
    } catch (error) {
      throw asInstanceFailure(error, resolved.base.instance);
    }
  }

  /** The recurring runs of the entity's experiment, else of its pipeline. */
  async getRecurringRuns(
    ctx: ReadContext,
  ): Promise<KubeflowRecurringRunsResponse> {
    const resolved = resolveEntity(ctx.entity, this.clients);
    return this.asData<KubeflowRecurringRunsResponse>(
      resolved,
      ctx,
      async target => {
        const [recurringRuns, authority] = await Promise.all([
          recurringRunsOf(target),
          target.pipeline &&
            this.authority.whoMayWrite(target.locator(target.pipeline)),
        ]);
        return {
          items: recurringRuns.map(recurringRun =>
            toRecurringRunView(recurringRun, target.base.uiUrl),
          ),
          ...(authority && { authority }),
          errors: [],
        };
      },
      errors => ({ items: [], errors }),
    );
  }

  /** The experiment the entity names, else the experiments its pipeline's recent runs are in. */
  async getExperiments(ctx: ReadContext): Promise<KubeflowExperimentsResponse> {
    const resolved = resolveEntity(ctx.entity, this.clients);
    return this.asData<KubeflowExperimentsResponse>(
      resolved,
      ctx,
      async target => {
        const { uiUrl } = target.base;
        if (target.experiment) {
          return {
            items: [toExperimentView(target.experiment, uiUrl)],
            errors: [],
          };
        }
        const { client } = target;
        const runs = await this.runPages.page(client, runsSource(target), {
          pageSize: client.instance.pageSize,
        });
        const ids = [
          ...new Set(
            runs.items.flatMap(run =>
              run.experimentId ? [run.experimentId] : [],
            ),
          ),
        ];
        if (ids.length === 0) {
          return { items: [], errors: [] };
        }
        // One request for all of them: `experiment_id` IN is a filter KFP knows.
        const experiments = await client.listExperiments({
          filter: [{ key: 'experiment_id', operation: 'IN', value: ids }],
          sortBy: 'last_run_created_at desc',
          pageSize: Math.min(ids.length, client.instance.pageSize),
        });
        return {
          items: experiments.items.map(e => toExperimentView(e, uiUrl)),
          errors: [],
        };
      },
      errors => ({ items: [], errors }),
    );
  }

  /**
   * With restricted reads, the caller must be able to read the pipeline's ingested entity (an
   * experiment has none: admins only).
   */
  private async authorizeRead(
    target: ResolvedTarget,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (target.pipeline) {
      await this.authority.authorizeRead(
        target.locator(target.pipeline),
        credentials,
      );
      return;
    }
    await this.authority.authorizeRead(
      undefined,
      credentials,
      `Kubeflow experiment '${target.experiment?.displayName}' on instance '${target.base.instance}'`,
    );
  }

  /**
   * Resolves the entity's objects, authorizes the read and reads; a failing instance, or an
   * object KFP does not have, is the answer's `errors`.
   */
  private async asData<T extends { errors: InstanceError[] }>(
    resolved: ResolvedEntity,
    ctx: ReadContext,
    read: (target: ResolvedTarget) => Promise<T>,
    empty: (errors: InstanceError[]) => T,
  ): Promise<T & { target: KubeflowEntityTarget }> {
    let target = resolved.base;
    const { instance } = resolved.base;
    const answer = await readOrInstanceError({
      system: 'Kubeflow Pipelines',
      instance,
      logger: this.logger,
      logMeta: { entityRef: resolved.entityRef },
      read: async () => {
        try {
          const objects = await resolveObjects(resolved);
          target = objects.target;
          await this.authorizeRead(objects, ctx.credentials);
          return await read(objects);
        } catch (error) {
          if ((error as Error | undefined)?.name !== 'NotFoundError') {
            throw error;
          }
          return empty([
            { instance, status: 404, message: (error as Error).message },
          ]);
        }
      },
      empty,
    });
    return { target, ...answer };
  }
}
