import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  collectAll,
  encodePath,
  paginateByOffset,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import {
  AIRFLOW_DAG_RUN_STATES,
  AirflowApi,
  AirflowApiVersion,
  AirflowDag,
  AirflowDagRun,
  AirflowInstanceConfig,
  AirflowPage,
  ListDagRunsOptions,
} from './AirflowApi';
import { AirflowTransport } from './AirflowTransport';
import { AnswerDecoders, createAnswerDecoders } from './read/answers';

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
}

// Run fields of order_by that Airflow 3 renamed; the portal speaks Airflow 3's names.
const V1_RUN_ORDER_FIELDS: Record<string, string> = {
  logical_date: 'execution_date',
};
const ORDER_BY = /^-?[a-z_]+$/;

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
    this.decoders = {
      v1: createAnswerDecoders(options.instance.name, 'v1'),
      v2: createAnswerDecoders(options.instance.name, 'v2'),
    };
  }

  /** {@inheritDoc AirflowApi.apiVersion} */
  apiVersion(): Promise<AirflowApiVersion> {
    return this.transport.version();
  }

  /** {@inheritDoc AirflowApi.listDags} */
  async listDags(): Promise<AirflowDag[]> {
    const version = await this.transport.version();
    return collectAll(
      paginateByOffset(
        (offset, limit) =>
          this.transport.get(
            version,
            '/dags',
            { limit, offset, order_by: 'dag_id' },
            this.decoders[version].dags,
          ),
        { pageSize: this.instance.pageSize },
      ),
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
    const version = await this.transport.version();
    return this.transport.get(
      version,
      path,
      {
        limit,
        offset,
        state,
        order_by: orderBy && (version === 'v1' ? toV1Order(orderBy) : orderBy),
      },
      this.decoders[version].dagRuns,
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

function requireDagId(dagId: string): string {
  if (typeof dagId !== 'string' || dagId.trim() === '') {
    throw new InputError('DAG id must not be empty');
  }
  return dagId;
}

function checkOffset(offset: number | undefined): number | undefined {
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0)) {
    throw new InputError(
      `offset must be a non-negative integer, got ${offset}`,
    );
  }
  return offset || undefined;
}

function checkStates(states: string[] | undefined): string[] | undefined {
  for (const state of states ?? []) {
    if (!(AIRFLOW_DAG_RUN_STATES as readonly string[]).includes(state)) {
      throw new InputError(
        `DAG run state must be one of ${AIRFLOW_DAG_RUN_STATES.join(
          ', ',
        )}, got ${JSON.stringify(state)}`,
      );
    }
  }
  return states?.length ? states : undefined;
}

function checkOrderBy(orderBy: string | undefined): string | undefined {
  if (orderBy === undefined || orderBy === '') {
    return undefined;
  }
  if (!ORDER_BY.test(orderBy)) {
    throw new InputError(
      `orderBy must be a field name, '-' first for descending, got ${JSON.stringify(
        orderBy,
      )}`,
    );
  }
  return orderBy;
}

function toV1Order(orderBy: string): string {
  const descending = orderBy.startsWith('-');
  const field = descending ? orderBy.slice(1) : orderBy;
  return `${descending ? '-' : ''}${V1_RUN_ORDER_FIELDS[field] ?? field}`;
}
