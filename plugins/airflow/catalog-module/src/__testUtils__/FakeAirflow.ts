import {
  AirflowApiVersion,
  AirflowClient,
  AirflowClients,
  AirflowInstanceConfig,
} from '@mlops-portal/plugin-airflow-node';
import { airflowInstanceConfig } from '@mlops-portal/plugin-airflow-node/testUtils';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  mockInstanceClients,
  silentLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';

/** A DAG as a test describes it; {@link dagBody} writes it as the API version sends it. */
export interface DagFixture {
  dagId: string;
  displayName?: string | null;
  description?: string | null;
  owners?: string[];
  tags?: string[];
  isPaused?: boolean;
  schedule?: string | null;
  scheduleDescription?: string | null;
  fileloc?: string | null;
}

/** A DAG of `GET /dags` as Airflow 3 (`v2`, `DAGResponse`) or Airflow 2 (`v1`, `DAG`) sends it. */
export function dagBody(
  version: AirflowApiVersion,
  dag: DagFixture,
): Record<string, unknown> {
  const {
    dagId,
    displayName = dagId,
    description = null,
    owners = ['airflow'],
    tags = [],
    isPaused = false,
    schedule = null,
    scheduleDescription = null,
    fileloc = `/opt/airflow/dags/${dagId}.py`,
  } = dag;
  const common = {
    dag_id: dagId,
    dag_display_name: displayName,
    description,
    is_paused: isPaused,
    owners,
    tags: tags.map(name => ({ name, dag_id: dagId })),
    fileloc,
    timetable_description: scheduleDescription,
    has_import_errors: false,
  };
  return version === 'v2'
    ? {
        ...common,
        is_stale: false,
        timetable_summary: schedule,
        next_dagrun_run_after: null,
      }
    : {
        ...common,
        is_active: true,
        is_subdag: false,
        root_dag_id: null,
        schedule_interval: schedule && {
          __type: 'CronExpression',
          value: schedule,
        },
        next_dagrun_create_after: null,
      };
}

/** One request the fake answered. */
export interface FakeAirflowRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/**
 * An Airflow instance in memory behind a real `AirflowClient`: its `fetch` answers `GET /dags`
 * pages (by `limit` and `offset`, in DAG id order, as Airflow does) with bodies of the configured
 * API version, and 404 to everything else; every request is recorded, and chosen requests fail.
 */
export class FakeAirflow {
  readonly instance: AirflowInstanceConfig;
  /** The DAGs served, as the instance's API version writes them. */
  readonly dags: Array<Record<string, unknown>>;
  /** Every request so far, in order. */
  readonly requests: FakeAirflowRequest[] = [];
  private readonly failures = new Map<number, number>();

  constructor(
    options: {
      instance?: Partial<AirflowInstanceConfig>;
      dags?: Array<DagFixture | Record<string, unknown>>;
    } = {},
  ) {
    this.instance = airflowInstanceConfig({
      uiUrl: 'https://airflow.example.com',
      ...options.instance,
    });
    const version = this.version();
    this.dags = (options.dags ?? []).map(dag =>
      'dag_id' in dag ? dag : dagBody(version, dag as DagFixture),
    );
  }

  /** Makes the n-th request (1-based) answer with this HTTP status. */
  failRequest(n: number, status = 500): void {
    this.failures.set(n, status);
  }

  /** A real client of the fake, as `createAirflowClients` makes it. */
  client(): AirflowClient {
    return new AirflowClient({
      instance: this.instance,
      logger: silentLogger,
      fetch: this.fetch,
    });
  }

  /** The `GET /dags` requests so far, as `[limit, offset]`. */
  dagPages(): Array<[number, number]> {
    return this.requests
      .filter(r => r.path === `/api/${this.version()}/dags`)
      .map(r => [Number(r.query.limit), Number(r.query.offset)]);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const path = url.pathname.slice(
      new URL(this.instance.baseUrl).pathname.replace(/\/$/, '').length,
    );
    this.requests.push({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
    });
    const failure = this.failures.get(this.requests.length);
    if (failure !== undefined) {
      return Response.json(
        { detail: 'Internal Server Error', status: failure },
        { status: failure },
      );
    }
    if (method !== 'GET' || path !== `/api/${this.version()}/dags`) {
      return Response.json({ detail: 'Not Found' }, { status: 404 });
    }
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const sorted = [...this.dags].sort((a, b) =>
      String(a.dag_id) < String(b.dag_id) ? -1 : 1,
    );
    return Response.json({
      dags: sorted.slice(offset, offset + limit),
      total_entries: sorted.length,
    });
  };

  private version(): AirflowApiVersion {
    return this.instance.apiVersion === 'v1' ? 'v1' : 'v2';
  }
}

/** `AirflowClients` over real clients of the fakes; the first is the default instance. */
export function fakeAirflowClients(...fakes: FakeAirflow[]): AirflowClients {
  return mockInstanceClients(
    AIRFLOW_SYSTEM,
    fakes.map(fake => fake.client()),
  );
}
