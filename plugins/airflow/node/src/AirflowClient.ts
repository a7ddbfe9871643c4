import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  collectAll,
  encodePath,
  paginateByOffset,
  prefetchOffsetPages,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import {
  AirflowApi,
  AirflowApiVersion,
  AirflowClearedTask,
  AirflowDag,
  AirflowDagRun,
  AirflowInstanceConfig,
  AirflowPage,
  AirflowTaskInstance,
  AirflowTaskLog,
  ClearDagRunOptions,
  GetDagRunOptions,
  ListDagRunsOptions,
  ListDagsOptions,
  TriggerDagRunOptions,
} from './AirflowApi';
import { AirflowTransport } from './AirflowTransport';
import { AnswerDecoders, createAnswerDecoders } from './read/answers';
import {
  checkConf,
  checkDate,
  checkOffset,
  checkOrderBy,
  checkStates,
  requireDagId,
  requireId,
  runPath,
  toV1Order,
} from './request/checks';

/**
 * Options for {@link AirflowClient}.
 *
 * @public
 */
export interface AirflowClientOptions {
  /** The instance, from `readAirflowInstanceConfigs`. */
  instance: AirflowInstanceConfig;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /** The plugin's read cache (`readCacheServiceRef`); without it reads are only coalesced. */
  readCache?: ReadCache;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock of token expiry; injectable for tests. */
  now?: () => number;
  /** The longest task log handed out, in characters; longer ones lose their beginning. */
  maxLogChars?: number;
}

/**
 * How much of a task log {@link AirflowClient.getTaskLog} hands out by default: its last 256 Ki
 * characters (a browser shows that at once; the Airflow UI has the rest).
 *
 * @public
 */
export const DEFAULT_MAX_LOG_CHARS = 256 * 1024;

/**
 * The REST client of one Airflow instance: API v2 (Airflow 3) or v1 (Airflow 2), configured or
 * detected once, on `UpstreamHttpClient`.
 *
 * @remarks
 * Create one per instance and keep it: identical concurrent reads share one upstream call and
 * reads are cached in the plugin's read cache for the instance's `cacheTtl`. The API versions'
 * differences stay inside: both hand out the same {@link AirflowDag} and {@link AirflowDagRun},
 * list parameters are sent as repeated keys, `logical_date` is sent as `execution_date` to
 * Airflow 2, and both versions' refusals of bad input (400, and Airflow 3's 422) are
 * InputErrors. Bad input is refused before any request is sent. Every answer is read field by
 * field: one the portal cannot use is a ServiceUnavailableError naming the field. A cached
 * answer is read once per load and the result is shared, deep-frozen, by every caller.
 *
 * @public
 */
export class AirflowClient implements AirflowApi {
  /** {@inheritDoc AirflowApi."instance"} */
  readonly instance: AirflowInstanceConfig;
  private readonly transport: AirflowTransport;
  private readonly decoders: Record<AirflowApiVersion, AnswerDecoders>;

  constructor(options: AirflowClientOptions) {
    this.instance = options.instance;
    this.transport = new AirflowTransport(options);
    const maxLogChars = options.maxLogChars ?? DEFAULT_MAX_LOG_CHARS;
    this.decoders = {
      v1: createAnswerDecoders(options.instance.name, 'v1', maxLogChars),
      v2: createAnswerDecoders(options.instance.name, 'v2', maxLogChars),
    };
  }

  /** {@inheritDoc AirflowApi.apiVersion} */
  apiVersion(): Promise<AirflowApiVersion> {
    return this.transport.version();
  }

  /** {@inheritDoc AirflowApi.listDags} */
  async listDags(options: ListDagsOptions = {}): Promise<AirflowDag[]> {
    const dags: AirflowDag[] = [];
    for await (const page of this.listDagPages(options)) {
      dags.push(...page);
    }
    return dags;
  }

  /** {@inheritDoc AirflowApi.listDagPages} */
  async *listDagPages(
    options: ListDagsOptions = {},
  ): AsyncGenerator<AirflowDag[], void, undefined> {
    const version = await this.transport.version();
    yield* prefetchOffsetPages(
      (offset, limit) =>
        this.transport.get(
          version,
          '/dags',
          { limit, offset, order_by: 'dag_id' },
          this.decoders[version].dags,
          { cache: options.cache },
        ),
      { pageSize: this.instance.pageSize, inFlight: 2 },
    );
  }

  /** {@inheritDoc AirflowApi.getDag} */
  async getDag(dagId: string): Promise<AirflowDag> {
    const path = encodePath`/dags/${requireDagId(dagId)}`;
    const version = await this.transport.version();
    return this.transport.get(version, path, {}, this.decoders[version].dag);
  }

  /** {@inheritDoc AirflowApi.listDagRuns} */
  async listDagRuns(
    dagId: string,
    options: ListDagRunsOptions = {},
  ): Promise<AirflowPage<AirflowDagRun>> {
    const path = encodePath`/dags/${requireDagId(dagId)}/dagRuns`;
    const limit = this.checkLimit(options.limit);
    const offset = checkOffset(options.offset);
    const state = checkStates(options.state);
    const orderBy = checkOrderBy(options.orderBy);
    const since = checkDate(options.since, 'since');
    const until = checkDate(options.until, 'until');
    const version = await this.transport.version();
    // Airflow 2 calls the logical date execution_date in its filters too.
    const dateField = version === 'v1' ? 'execution_date' : 'logical_date';
    return this.transport.get(
      version,
      path,
      {
        limit,
        offset,
        state,
        order_by: orderBy && (version === 'v1' ? toV1Order(orderBy) : orderBy),
        [`${dateField}_gte`]: since,
        [`${dateField}_lte`]: until,
      },
      this.decoders[version].dagRuns,
    );
  }

  /** {@inheritDoc AirflowApi.getDagRun} */
  async getDagRun(
    dagId: string,
    runId: string,
    options: GetDagRunOptions = {},
  ): Promise<AirflowDagRun> {
    const path = runPath(dagId, runId);
    const version = await this.transport.version();
    return this.transport.get(
      version,
      path,
      {},
      this.decoders[version].dagRun,
      { cache: options.cache },
    );
  }

  /** {@inheritDoc AirflowApi.listTaskInstances} */
  async listTaskInstances(
    dagId: string,
    runId: string,
  ): Promise<AirflowTaskInstance[]> {
    const path = `${runPath(dagId, runId)}/taskInstances`;
    const version = await this.transport.version();
    return collectAll(
      paginateByOffset(
        (offset, limit) =>
          this.transport.get(
            version,
            path,
            { limit, offset: offset || undefined },
            this.decoders[version].taskInstances,
          ),
        { pageSize: this.instance.pageSize },
      ),
    );
  }

  /** {@inheritDoc AirflowApi.getTaskLog} */
  async getTaskLog(
    dagId: string,
    runId: string,
    taskId: string,
    tryNumber: number,
    options: { mapIndex?: number } = {},
  ): Promise<AirflowTaskLog> {
    if (!Number.isInteger(tryNumber) || tryNumber < 1) {
      throw new InputError(
        `try number must be an integer from 1, got ${tryNumber}`,
      );
    }
    const mapIndex = options.mapIndex ?? -1;
    if (!Number.isInteger(mapIndex) || mapIndex < -1) {
      throw new InputError(
        `map index must be -1 (not mapped) or a non-negative integer, got ${mapIndex}`,
      );
    }
    const taskPath = encodePath`/taskInstances/${requireId(
      taskId,
      'task id',
    )}/logs/${String(tryNumber)}`;
    const path = runPath(dagId, runId) + taskPath;
    const version = await this.transport.version();
    return this.transport.get(
      version,
      path,
      {
        full_content: true,
        map_index: mapIndex >= 0 ? mapIndex : undefined,
      },
      this.decoders[version].taskLog,
    );
  }

  /** {@inheritDoc AirflowApi.triggerDagRun} */
  async triggerDagRun(
    dagId: string,
    options: TriggerDagRunOptions = {},
  ): Promise<AirflowDagRun> {
    const path = encodePath`/dags/${requireDagId(dagId)}/dagRuns`;
    const conf = checkConf(options.conf);
    const logicalDate = checkDate(
      options.logicalDate ?? undefined,
      'logicalDate',
    );
    if (options.note !== undefined && typeof options.note !== 'string') {
      throw new InputError('note must be a string');
    }
    const runId =
      options.runId === undefined
        ? undefined
        : requireId(options.runId, 'DAG run id');
    const version = await this.transport.version();
    // Fields left undefined are not sent (the body is JSON).
    const body = {
      conf,
      note: options.note,
      dag_run_id: runId,
      // Airflow 3.0 requires the field (null: no logical date); Airflow 2 picks now when absent.
      logical_date: version === 'v2' ? logicalDate ?? null : logicalDate,
    };
    return this.transport.write(
      version,
      'POST',
      path,
      { body },
      this.decoders[version].triggered,
    );
  }

  /** {@inheritDoc AirflowApi.setPaused} */
  async setPaused(dagId: string, isPaused: boolean): Promise<AirflowDag> {
    const path = encodePath`/dags/${requireDagId(dagId)}`;
    if (typeof isPaused !== 'boolean') {
      throw new InputError('isPaused must be a boolean');
    }
    const version = await this.transport.version();
    return this.transport.write(
      version,
      'PATCH',
      path,
      { query: { update_mask: ['is_paused'] }, body: { is_paused: isPaused } },
      this.decoders[version].patchedDag,
    );
  }

  /** {@inheritDoc AirflowApi.clearDagRun} */
  async clearDagRun(
    dagId: string,
    runId: string,
    options: ClearDagRunOptions = {},
  ): Promise<AirflowClearedTask[]> {
    const path = encodePath`/dags/${requireDagId(dagId)}/clearTaskInstances`;
    const version = await this.transport.version();
    // Both versions default to a dry run and to only the failed tasks: say both every time.
    return this.transport.write(
      version,
      'POST',
      path,
      {
        body: {
          dag_run_id: requireId(runId, 'DAG run id'),
          dry_run: options.dryRun ?? false,
          only_failed: options.onlyFailed ?? true,
          reset_dag_runs: true,
        },
      },
      this.decoders[version].cleared,
    );
  }

  private checkLimit(limit: number | undefined): number {
    if (limit === undefined) {
      return this.instance.pageSize;
    }
    if (
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > this.instance.pageSize
    ) {
      throw new InputError(
        `limit must be an integer from 1 to ${this.instance.pageSize} (the page size of ` +
          `airflow instance '${this.instance.name}'), got ${limit}`,
      );
    }
    return limit;
  }
}
