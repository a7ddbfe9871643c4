import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AirflowDagView,
  AirflowDagsResponse,
  AirflowEntityTarget,
  AirflowInstancesResponse,
  AirflowRunsQuery,
  AirflowRunsResponse,
  AirflowTaskInstancesResponse,
  AirflowTaskLogResponse,
  airflowUiLinks,
} from '@mlops-portal/plugin-airflow-common';
import type { AirflowClients } from '@mlops-portal/plugin-airflow-node';
import type { InstanceError } from '@mlops-portal/plugin-mlops-common';
import {
  EntityReadContext,
  IngestedEntityAuthority,
  instanceSummaries,
  mapWithConcurrency,
  readOrInstanceError,
  toInstanceError,
} from '@mlops-portal/plugin-mlops-node';
import {
  requireAnnotatedDag,
  ResolvedTarget,
  resolveTarget,
} from './resolveTarget';
import {
  dagHealth,
  HEALTH_RUNS,
  newestFirst,
  toDagView,
  toRunView,
  toTaskInstanceView,
  UiContext,
} from './viewModels';

/** Runs per page when the caller does not say. */
export const DEFAULT_RUNS_PAGE_SIZE = 25;
// DAGs of one entity read at once: each is two upstream reads.
const DAG_CONCURRENCY = 4;

/** Options of {@link AirflowReadService}. */
export interface AirflowReadServiceOptions {
  clients: AirflowClients;
  /** Decides restricted reads, and tells who may write a DAG. */
  authority: IngestedEntityAuthority;
  logger: LoggerService;
}

/** Who reads, through which entity (the entity as the caller sees it). */
export type ReadContext = EntityReadContext;

/** The task log a route names. */
export interface TaskLogRequest {
  dagId: string;
  runId: string;
  taskId: string;
  tryNumber: number;
  mapIndex: number;
}

/**
 * What the entity page reads from Airflow, as the view models of `@mlops-portal/plugin-airflow-common`.
 *
 * @remarks
 * An entity reads only the DAGs it annotates: any other DAG id is a NotFoundError. A failing
 * instance is data (`errors`), not an exception; so is, on the DAG list, an annotated DAG that
 * Airflow does not have (a 404 entry), while the other DAGs still show. Answers are cached and
 * coalesced by the kit's read cache under the client; nothing here caches again.
 */
export class AirflowReadService {
  private readonly clients: AirflowClients;
  private readonly authority: IngestedEntityAuthority;
  private readonly logger: LoggerService;

  constructor(options: AirflowReadServiceOptions) {
    this.clients = options.clients;
    this.authority = options.authority;
    this.logger = options.logger;
  }

  /**
   * The configured instances in config order, the default first: only names and UI URLs,
   * never an API URL or credentials. Read from config, so Airflow is not called.
   */
  listInstances(): AirflowInstancesResponse {
    return { instances: instanceSummaries(this.clients.instances) };
  }

  /** The entity's DAGs, each with its health and who may change it. */
  async getDags(ctx: ReadContext): Promise<AirflowDagsResponse> {
    const resolved = resolveTarget(ctx.entity, this.clients);
    const { dagIds } = resolved.target;
    await Promise.all(
      dagIds.map(dagId =>
        this.authority.authorizeRead(resolved.locator(dagId), ctx.credentials),
      ),
    );
    return this.asData<AirflowDagsResponse>(
      resolved,
      async () => {
        const ui = await uiContext(resolved);
        const read = await mapWithConcurrency(
          dagIds,
          DAG_CONCURRENCY,
          async (dagId): Promise<AirflowDagView | InstanceError> => {
            try {
              return await this.loadDag(resolved, ui, dagId);
            } catch (error) {
              return this.dagError(resolved, dagId, error);
            }
          },
        );
        return {
          items: read.filter((r): r is AirflowDagView => 'dagId' in r),
          errors: read.filter((r): r is InstanceError => !('dagId' in r)),
        };
      },
      errors => ({ items: [], errors }),
    );
  }

  /** One page of a DAG's runs, newest first. */
  async getRuns(
    ctx: ReadContext,
    dagId: string,
    query: AirflowRunsQuery,
  ): Promise<AirflowRunsResponse> {
    const resolved = await this.dagRead(ctx, dagId);
    return this.asData<AirflowRunsResponse>(
      resolved,
      async () => {
        const ui = await uiContext(resolved);
        const { client } = resolved;
        const page = await client.listDagRuns(dagId, {
          state: query.state,
          since: query.since,
          until: query.until,
          // The instance's page size caps every list request.
          limit: Math.min(
            query.limit ?? DEFAULT_RUNS_PAGE_SIZE,
            client.instance.pageSize,
          ),
          offset: query.offset,
          orderBy: newestFirst(ui.apiVersion),
        });
        return {
          items: page.items.map(run => toRunView(run, ui)),
          ...(page.totalEntries !== undefined && {
            totalEntries: page.totalEntries,
          }),
          errors: [],
        };
      },
      errors => ({ items: [], errors }),
    );
  }

  /** A run of a DAG with every task instance (and its current try). */
  async getTaskInstances(
    ctx: ReadContext,
    dagId: string,
    runId: string,
  ): Promise<AirflowTaskInstancesResponse> {
    const resolved = await this.dagRead(ctx, dagId);
    return this.asData<AirflowTaskInstancesResponse>(
      resolved,
      async () => {
        const ui = await uiContext(resolved);
        const [run, tasks] = await Promise.all([
          resolved.client.getDagRun(dagId, runId),
          resolved.client.listTaskInstances(dagId, runId),
        ]);
        return {
          run: toRunView(run, ui),
          items: tasks.map(task => toTaskInstanceView(dagId, runId, task, ui)),
          errors: [],
        };
      },
      errors => ({ items: [], errors }),
    );
  }

  /** The log of one try of a task instance, its end when it is long. */
  async getTaskLog(
    ctx: ReadContext,
    request: TaskLogRequest,
  ): Promise<AirflowTaskLogResponse> {
    const { dagId, runId, taskId, tryNumber, mapIndex } = request;
    const resolved = await this.dagRead(ctx, dagId);
    return this.asData<AirflowTaskLogResponse>(
      resolved,
      async () => {
        const ui = await uiContext(resolved);
        const log = await resolved.client.getTaskLog(
          dagId,
          runId,
          taskId,
          tryNumber,
          { mapIndex },
        );
        return {
          content: log.content,
          truncated: log.truncated,
          url: airflowUiLinks.taskInstance(ui.uiUrl, ui.apiVersion, request),
          errors: [],
        };
      },
      errors => ({ truncated: false, errors }),
    );
  }

  /** A DAG as the entity page shows it, read fresh from the instance (or its cache). */
  async loadDag(
    resolved: ResolvedTarget,
    ui: UiContext,
    dagId: string,
  ): Promise<AirflowDagView> {
    const { client } = resolved;
    const [dag, runs, authority] = await Promise.all([
      client.getDag(dagId),
      client.listDagRuns(dagId, {
        limit: Math.min(HEALTH_RUNS, client.instance.pageSize),
        orderBy: newestFirst(ui.apiVersion),
      }),
      this.authority.whoMayWrite(resolved.locator(dagId)),
    ]);
    return toDagView(dag, ui, dagHealth(dag, runs.items), authority);
  }

  /** The entity resolved, the DAG one it annotates, and a restricted read allowed. */
  private async dagRead(
    ctx: ReadContext,
    dagId: string,
  ): Promise<ResolvedTarget> {
    const resolved = resolveTarget(ctx.entity, this.clients);
    requireAnnotatedDag(resolved, dagId);
    await this.authority.authorizeRead(
      resolved.locator(dagId),
      ctx.credentials,
    );
    return resolved;
  }

  /** One DAG of the list failing: the instance at fault, or a DAG Airflow does not have. */
  private dagError(
    resolved: ResolvedTarget,
    dagId: string,
    error: unknown,
  ): InstanceError {
    const { instance } = resolved.target;
    if ((error as Error | undefined)?.name === 'NotFoundError') {
      return { instance, status: 404, message: (error as Error).message };
    }
    const instanceError = toInstanceError(error, instance);
    if (!instanceError) {
      throw error;
    }
    this.logger.warn(
      'Airflow DAG could not be read; answering with the error',
      {
        entityRef: resolved.entityRef,
        instance,
        dagId,
        error: instanceError.message,
      },
    );
    return instanceError;
  }

  private async asData<T extends { errors: InstanceError[] }>(
    resolved: ResolvedTarget,
    read: () => Promise<T>,
    empty: (errors: InstanceError[]) => T,
  ): Promise<T & { target: AirflowEntityTarget }> {
    const answer = await readOrInstanceError({
      system: 'Airflow',
      instance: resolved.target.instance,
      logger: this.logger,
      logMeta: { entityRef: resolved.entityRef },
      read,
      empty,
    });
    return { target: resolved.target, ...answer };
  }
}

/** The instance's UI and API version; asks the instance once when its version is `auto`. */
export async function uiContext(resolved: ResolvedTarget): Promise<UiContext> {
  return {
    uiUrl: resolved.target.uiUrl,
    apiVersion: await resolved.client.apiVersion(),
  };
}
