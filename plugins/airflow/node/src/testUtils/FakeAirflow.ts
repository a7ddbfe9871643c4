import { InputError } from '@backstage/errors';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import type {
  AirflowApiVersion,
  AirflowClient,
  AirflowClientOptions,
  AirflowClients,
  AirflowDagRunState,
  AirflowInstanceConfig,
} from '@mlops-portal/plugin-airflow-node';
import {
  mockInstanceClients,
  silentLogger,
  type RecordedExchange,
} from '@mlops-portal/plugin-mlops-node/testUtils';
// The class by another name: the type above is the package's, as its users see it.
import { AirflowClient as AirflowClientClass } from '../AirflowClient';
import { airflowInstanceConfig } from './builders';
import {
  airflowTime,
  dagBody,
  dagRunBody,
  errorBody,
  type FakeAirflowDag,
  type FakeAirflowRun,
} from './fakeAirflowBodies';

/**
 * What a {@link FakeAirflow} holds at the start.
 *
 * @public
 */
export interface FakeAirflowOptions {
  /** The instance; `airflowInstanceConfig`'s defaults (API v2) for what is not given. */
  instance?: Partial<AirflowInstanceConfig>;
  /** The DAGs, as a test describes them; written as the API version sends them. */
  dags?: FakeAirflowDag[];
  /**
   * More DAGs, as bodies served as they are (drawn from a contract, or malformed on purpose);
   * listed with the others in DAG id order.
   */
  dagBodies?: Array<Record<string, unknown>>;
  /** The clock of the timestamps it writes; `Date.now` by default. */
  now?: () => number;
}

/**
 * What a client of a {@link FakeAirflow} is made with, beyond the instance and the fetch.
 *
 * @public
 */
export type FakeAirflowClientOptions = Partial<
  Omit<AirflowClientOptions, 'instance' | 'fetch'>
>;

type JsonObject = Record<string, unknown>;

interface Answer {
  status: number;
  body: JsonObject;
}

/**
 * An Airflow instance in memory, speaking HTTP through {@link FakeAirflow.fetch}, with real
 * `AirflowClient`s of it from {@link FakeAirflow.client}.
 *
 * @remarks
 * It serves the configured API version (`v1`: Airflow 2, `v2`: Airflow 3) below `/api/v1` or
 * `/api/v2`: `GET /dags` (paged by `limit` and `offset`, in DAG id order, with
 * `total_entries`), `GET` and `PATCH /dags/{dag_id}` (`is_paused`), `POST /dags/{dag_id}/dagRuns`
 * (409 when the run id exists) and `GET /dags/{dag_id}/dagRuns/{dag_run_id}`, where a run moves
 * to its next state each time it is read, like a scheduler working while it is watched; 404 to
 * everything else. Its answers are what the Airflow contracts allow. Every request is recorded
 * with its answer, and any one can be made to fail.
 *
 * @public
 */
export class FakeAirflow {
  /** The instance it is, as its clients are configured. */
  readonly instance: AirflowInstanceConfig;
  /** The API version it serves. */
  readonly apiVersion: AirflowApiVersion;
  /** Every request so far with its answer, in order (paths below the instance's base URL). */
  readonly requests: RecordedExchange[] = [];
  /** The states a triggered run answers first, then on each read after (the last one stays). */
  runStates: AirflowDagRunState[] = ['queued', 'running', 'success'];
  /** The next trigger finds its run id taken by a concurrent trigger (409), whose run stays. */
  raceNextTrigger = false;
  private readonly dags: JsonObject[];
  private readonly runs = new Map<string, FakeAirflowRun>();
  private readonly failures = new Map<number, number>();
  private readonly now: () => number;
  private triggered = 0;

  constructor(options: FakeAirflowOptions = {}) {
    this.instance = airflowInstanceConfig(options.instance);
    if (this.instance.apiVersion === 'auto') {
      throw new InputError(
        "FakeAirflow serves one API version: configure its instance with apiVersion 'v1' or 'v2'",
      );
    }
    this.apiVersion = this.instance.apiVersion;
    this.now = options.now ?? Date.now;
    this.dags = [
      ...(options.dags ?? []).map(dag => dagBody(this.apiVersion, dag)),
      // Copies: a PATCH changes the fake's DAG, not the test's.
      ...(options.dagBodies ?? []).map(body => ({ ...body })),
    ];
  }

  /** The body of a DAG as it is served now (change it to change what is served). */
  dag(dagId: string): Record<string, unknown> | undefined {
    return this.dags.find(dag => dag.dag_id === dagId);
  }

  /** A run it holds. */
  run(dagId: string, runId: string): FakeAirflowRun | undefined {
    return this.runs.get(runKey(dagId, runId));
  }

  /** Adds a run as a scheduler would have made it, moving through `states` as it is read. */
  addRun(
    dagId: string,
    runId: string,
    state: AirflowDagRunState,
    ...next: AirflowDagRunState[]
  ): FakeAirflowRun {
    const now = this.now();
    const run: FakeAirflowRun = {
      dagId,
      runId,
      state,
      next,
      runType: 'scheduled',
      conf: {},
      note: null,
      logicalDate: airflowTime(this.apiVersion, now),
      createdAt: now,
    };
    this.runs.set(runKey(dagId, runId), run);
    return run;
  }

  /** Makes the n-th request (1-based) answer with this HTTP status. */
  failRequest(n: number, status = 500): void {
    this.failures.set(n, status);
  }

  /** The requests that change something (every method but GET), in order. */
  writes(): RecordedExchange[] {
    return this.requests.filter(request => request.method !== 'GET');
  }

  /** The `GET /dags` requests so far, as `[limit, offset]`. */
  dagPages(): Array<[number, number]> {
    return this.requests
      .filter(r => r.method === 'GET' && r.path === `${this.root}/dags`)
      .map(r => [Number(r.query.limit), Number(r.query.offset ?? 0)]);
  }

  /** A real client of this instance; no read cache unless the options give one. */
  client(options: FakeAirflowClientOptions = {}): AirflowClient {
    return new AirflowClientClass({
      logger: silentLogger,
      ...options,
      instance: this.instance,
      fetch: this.fetch,
    });
  }

  /** Answers a request to the instance as Airflow would, recording both. */
  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const mount = new URL(this.instance.baseUrl).pathname.replace(/\/$/, '');
    const path = url.pathname.slice(mount.length);
    const body =
      typeof init?.body === 'string' && init.body !== ''
        ? (JSON.parse(init.body) as unknown)
        : undefined;
    const exchange: RecordedExchange = {
      method,
      path,
      query: readQuery(url.searchParams),
      ...(body !== undefined && { body }),
      status: 0,
      responseBody: undefined,
    };
    this.requests.push(exchange);
    const failure = this.failures.get(this.requests.length);
    const answer =
      failure === undefined
        ? this.answer(method, path, url.searchParams, body)
        : this.error(failure, `Failing request ${this.requests.length}`);
    exchange.status = answer.status;
    exchange.responseBody = answer.body;
    return Response.json(answer.body, { status: answer.status });
  };

  private get root(): string {
    return `/api/${this.apiVersion}`;
  }

  private answer(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): Answer {
    const [dagId, runs, runId, ...rest] = path.startsWith(`${this.root}/dags/`)
      ? path.slice(`${this.root}/dags/`.length).split('/').map(decodeSegment)
      : [];
    if (path === `${this.root}/dags` && method === 'GET') {
      return this.listDags(query);
    }
    if (dagId !== undefined && runs === undefined) {
      if (method === 'GET') return this.getDag(dagId);
      if (method === 'PATCH') return this.patchDag(dagId, body);
    }
    if (runs === 'dagRuns' && rest.length === 0) {
      if (runId === undefined && method === 'POST') {
        return this.trigger(dagId, body);
      }
      if (runId !== undefined && method === 'GET') {
        return this.readRun(dagId, runId);
      }
    }
    return this.error(404, 'Not Found');
  }

  private listDags(query: URLSearchParams): Answer {
    const limit = Number(query.get('limit') ?? 100);
    const offset = Number(query.get('offset') ?? 0);
    const id = (dag: JsonObject) => String(dag.dag_id);
    const sorted = [...this.dags].sort((a, b) =>
      id(a) < id(b) ? -1 : Number(id(a) > id(b)),
    );
    return ok({
      dags: sorted.slice(offset, offset + limit),
      total_entries: sorted.length,
    });
  }

  private getDag(dagId: string): Answer {
    const dag = this.dag(dagId);
    return dag ? ok(dag) : this.dagNotFound(dagId);
  }

  private patchDag(dagId: string, body: unknown): Answer {
    const dag = this.dag(dagId);
    if (!dag) {
      return this.dagNotFound(dagId);
    }
    const isPaused = (body as JsonObject | undefined)?.is_paused;
    if (typeof isPaused !== 'boolean') {
      return this.invalid('is_paused', 'Input should be a valid boolean');
    }
    dag.is_paused = isPaused;
    return ok(dag);
  }

  private trigger(dagId: string, body: unknown): Answer {
    const dag = this.dag(dagId);
    if (!dag) {
      return this.dagNotFound(dagId);
    }
    const request = (body ?? {}) as JsonObject;
    // A counter, not the date Airflow writes into the id, so that tests can name the run.
    const runId =
      typeof request.dag_run_id === 'string'
        ? request.dag_run_id
        : `manual__${++this.triggered}`;
    if (this.raceNextTrigger) {
      this.raceNextTrigger = false;
      this.addRun(dagId, runId, 'running');
    }
    if (this.run(dagId, runId)) {
      return this.error(
        409,
        this.apiVersion === 'v2'
          ? `DAG Run with run_id: \`${runId}\` already exists for dag: \`${dagId}\``
          : `DAGRun with DAG ID: '${dagId}' and DAGRun ID: '${runId}' already exists`,
      );
    }
    const now = this.now();
    const [state, ...next] = this.runStates;
    const logicalDate =
      typeof request.logical_date === 'string' ? request.logical_date : null;
    const run: FakeAirflowRun = {
      dagId,
      runId,
      state,
      next,
      runType: 'manual',
      conf: (request.conf as Record<string, unknown> | undefined) ?? {},
      note: typeof request.note === 'string' ? request.note : null,
      // Airflow 2 runs a trigger without a logical date at now; Airflow 3 runs it without one.
      logicalDate:
        logicalDate ??
        (this.apiVersion === 'v1' ? airflowTime('v1', now) : null),
      createdAt: now,
    };
    this.runs.set(runKey(dagId, runId), run);
    return ok(this.runBody(dag, run));
  }

  private readRun(dagId: string, runId: string): Answer {
    const dag = this.dag(dagId);
    if (!dag) {
      return this.dagNotFound(dagId);
    }
    const run = this.run(dagId, runId);
    if (!run) {
      return this.error(
        404,
        `The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`,
      );
    }
    const answer = this.runBody(dag, run);
    run.state = run.next.shift() ?? run.state;
    return ok(answer);
  }

  private runBody(dag: JsonObject, run: FakeAirflowRun): JsonObject {
    const displayName =
      typeof dag.dag_display_name === 'string'
        ? dag.dag_display_name
        : run.dagId;
    return dagRunBody(this.apiVersion, run, displayName);
  }

  private dagNotFound(dagId: string): Answer {
    return this.error(
      404,
      this.apiVersion === 'v2'
        ? `The Dag with ID: \`${dagId}\` was not found`
        : `DAG with dag_id: '${dagId}' not found`,
    );
  }

  /** A body field Airflow refuses: Airflow 3 answers 422 with where it is, Airflow 2 400. */
  private invalid(field: string, problem: string): Answer {
    if (this.apiVersion === 'v1') {
      return this.error(400, `${field} ${problem}`);
    }
    return {
      status: 422,
      body: {
        detail: [{ type: 'invalid', loc: ['body', field], msg: problem }],
      },
    };
  }

  private error(status: number, detail: string): Answer {
    return { status, body: errorBody(this.apiVersion, status, detail) };
  }
}

/**
 * `AirflowClients` over real clients of the fakes, one per fake; the first is the default
 * instance.
 *
 * @public
 */
export function fakeAirflowClients(
  fakes: FakeAirflow[],
  options: FakeAirflowClientOptions = {},
): AirflowClients {
  return mockInstanceClients(
    AIRFLOW_SYSTEM,
    fakes.map(fake => fake.client(options)),
  );
}

function ok(body: JsonObject): Answer {
  return { status: 200, body };
}

/** A path segment as the client encoded it; one it could not have sent stays as it is. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function runKey(dagId: string, runId: string): string {
  return `${dagId}\u0000${runId}`;
}

/** Query parameters as `RecordedExchange` has them: a repeated key gives a list. */
function readQuery(params: URLSearchParams): RecordedExchange['query'] {
  const query: RecordedExchange['query'] = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}
