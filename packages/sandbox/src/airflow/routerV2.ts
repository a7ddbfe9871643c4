import type { Request } from 'express';
import { Reply } from '../http/errors';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';
import { BASE_TIME_MS, airflow3Time } from '../time';
import {
  AirflowAuthConfig,
  checkTokenRequest,
  issueAirflowToken,
  requireAirflowJwt,
} from './auth';
import { AIRFLOW_VERSIONS, airflowV2Errors as E } from './errors';
import {
  DateRange,
  MAXIMUM_PAGE_LIMIT,
  OrderByError,
  filterDags,
  filterRuns,
  sortDags,
  sortRuns,
} from './listing';
import { AirflowQuery } from './params';
import {
  dagDetailsV2,
  dagRunV2,
  dagV2,
  taskInstanceV2,
  taskLogLines,
} from './serialize';
import { AirflowState, AirflowStateError } from './state';

const P = '/api/v2';
const users = new WeakMap<Request, string>();

function mapState<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AirflowStateError) {
      if (error.kind === 'not_found') throw E.notFound(error.message);
      if (error.kind === 'conflict') throw E.conflict(error.message);
      throw E.badRequest(error.message);
    }
    if (error instanceof OrderByError) {
      throw E.badRequest(error.message);
    }
    throw error;
  }
}

function paging(
  q: AirflowQuery,
  defaultLimit: number,
): { limit: number; offset: number } {
  return {
    limit: Math.min(q.int('limit', defaultLimit), MAXIMUM_PAGE_LIMIT),
    offset: q.int('offset', 0),
  };
}

function ranges(q: AirflowQuery): DateRange[] {
  const out: DateRange[] = [];
  const fields = {
    logical_date: 'logicalDate',
    run_after: 'runAfter',
    start_date: 'startDate',
    end_date: 'endDate',
  } as const;
  for (const [param, field] of Object.entries(fields)) {
    for (const op of ['gte', 'gt', 'lte', 'lt'] as const) {
      const value = q.date(`${param}_${op}`);
      if (value !== undefined) out.push({ field, op, value });
    }
  }
  return out;
}

/** Rejects unknown body fields as pydantic's `extra_forbidden` does (422). */
function objectBody(body: unknown, allowed: string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw E.invalid(
      ['body'],
      'model_attributes_type',
      'Input should be a valid dictionary or object to extract fields from',
      body ?? null,
    );
  }
  for (const [key, value] of Object.entries(body)) {
    if (!allowed.includes(key)) {
      throw E.invalid(
        ['body', key],
        'extra_forbidden',
        'Extra inputs are not permitted',
        value,
      );
    }
  }
  return body as Record<string, unknown>;
}

function optionalDate(
  body: Record<string, unknown>,
  name: string,
): number | null | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (value === null) return null;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw E.invalid(
      ['body', name],
      'datetime_from_date_parsing',
      'Input should be a valid datetime or date, invalid character in year',
      value,
    );
  }
  return ms;
}

/** Airflow 3: the public REST API `/api/v2` plus `POST /auth/token` (JWT bearer auth). */
export function createAirflowV2Router(opts: {
  mount: string;
  state: () => AirflowState;
  auth: AirflowAuthConfig;
  table: SandboxRoute[];
  stats: StatsRecorder;
}) {
  const { state, auth } = opts;
  const adapter: SystemAdapter = {
    system: 'airflow',
    mount: opts.mount,
    contract: 'airflow-v2',
    authenticate: async req => {
      users.set(req, await requireAirflowJwt(auth, req));
    },
    malformedBody: message =>
      E.invalid(
        ['body', 0],
        'json_invalid',
        'JSON decode error',
        {},
        { error: message },
      ),
    routeNotFound: () => E.notFound('Not Found'),
    internalError: message => E.internal(message),
  };
  const r = new SystemRouter(adapter, opts.table, opts.stats);

  r.post(
    '/auth/token',
    async (req): Promise<Reply> => {
      const user = checkTokenRequest(auth, req.body);
      return {
        status: 201,
        json: { access_token: await issueAirflowToken(auth, user) },
      };
    },
    { auth: false, contract: null },
  );

  r.get(
    `${P}/version`,
    () => ({ json: { version: AIRFLOW_VERSIONS.v2, git_version: null } }),
    { auth: false },
  );

  r.get(
    `${P}/monitor/health`,
    () => {
      const beat = airflow3Time(BASE_TIME_MS - 4000);
      return {
        json: {
          metadatabase: { status: 'healthy' },
          scheduler: { status: 'healthy', latest_scheduler_heartbeat: beat },
          triggerer: { status: 'healthy', latest_triggerer_heartbeat: beat },
          dag_processor: {
            status: 'healthy',
            latest_dag_processor_heartbeat: beat,
          },
        },
      };
    },
    { auth: false },
  );

  r.get(`${P}/dags`, req => {
    const q = new AirflowQuery(req, E);
    const { limit, offset } = paging(q, 50);
    const mode = q.string('tags_match_mode');
    const s = state();
    return mapState(() => {
      const dags = sortDags(
        s,
        filterDags(s, {
          tags: q.strings('tags'),
          tagsMatchAll: mode === 'all',
          owners: q.strings('owners'),
          dagIdPattern: q.string('dag_id_pattern'),
          displayNamePattern: q.string('dag_display_name_pattern'),
          paused: q.bool('paused'),
          lastRunState: q.string('last_dag_run_state'),
        }),
        q.strings('order_by').length > 0 ? q.strings('order_by') : ['dag_id'],
      );
      return {
        json: {
          dags: dags.slice(offset, offset + limit).map(dagV2),
          total_entries: dags.length,
        },
      };
    });
  });

  r.get(`${P}/dags/{dag_id}`, req => ({
    json: dagV2(mapState(() => state().requireDag(req.params.dag_id))),
  }));

  r.patch(`${P}/dags/{dag_id}`, req => {
    const q = new AirflowQuery(req, E);
    const mask = q.strings('update_mask');
    if (mask.some(field => field !== 'is_paused')) {
      throw E.badRequest(
        'Only `is_paused` field can be updated through the REST API',
      );
    }
    const body = objectBody(req.body, ['is_paused']);
    if (typeof body.is_paused !== 'boolean') {
      throw E.invalid(
        ['body', 'is_paused'],
        body.is_paused === undefined ? 'missing' : 'bool_type',
        body.is_paused === undefined
          ? 'Field required'
          : 'Input should be a valid boolean',
        body.is_paused ?? body,
      );
    }
    const paused = body.is_paused;
    return {
      json: dagV2(mapState(() => state().setPaused(req.params.dag_id, paused))),
    };
  });

  r.get(`${P}/dags/{dag_id}/details`, req => {
    const s = state();
    const dag = mapState(() => s.requireDag(req.params.dag_id));
    const active = s
      .runsOf(dag.dagId)
      .filter(run => run.state === 'running' || run.state === 'queued').length;
    return { json: dagDetailsV2(dag, active) };
  });

  r.get(`${P}/dags/{dag_id}/dagRuns`, req => {
    const q = new AirflowQuery(req, E);
    const { limit, offset } = paging(q, 50);
    const s = state();
    const dagId = req.params.dag_id;
    return mapState(() => {
      const source =
        dagId === '~' ? s.allRuns() : (s.requireDag(dagId), s.runsOf(dagId));
      const runs = sortRuns(
        filterRuns(source, {
          states: q.strings('state'),
          runTypes: q.strings('run_type'),
          ranges: ranges(q),
          runIdPattern: q.string('run_id_pattern'),
          dagIdPattern: q.string('dag_id_pattern'),
        }),
        q.strings('order_by').length > 0 ? q.strings('order_by') : ['id'],
      );
      return {
        json: {
          dag_runs: runs
            .slice(offset, offset + limit)
            .map(run => dagRunV2(s.dags.get(run.dagId)!, run)),
          total_entries: runs.length,
        },
      };
    });
  });

  r.post(`${P}/dags/{dag_id}/dagRuns`, req => {
    if (req.body === undefined) {
      throw E.invalid(['body'], 'missing', 'Field required', null);
    }
    const body = objectBody(req.body, [
      'dag_run_id',
      'data_interval_start',
      'data_interval_end',
      'logical_date',
      'run_after',
      'conf',
      'note',
      'partition_key',
    ]);
    if (
      body.conf !== undefined &&
      body.conf !== null &&
      (typeof body.conf !== 'object' || Array.isArray(body.conf))
    ) {
      throw E.invalid(
        ['body', 'conf'],
        'dict_type',
        'Input should be a valid dictionary',
        body.conf,
      );
    }
    for (const name of ['dag_run_id', 'note']) {
      if (
        body[name] !== undefined &&
        body[name] !== null &&
        typeof body[name] !== 'string'
      ) {
        throw E.invalid(
          ['body', name],
          'string_type',
          'Input should be a valid string',
          body[name],
        );
      }
    }
    const s = state();
    const run = mapState(() =>
      s.trigger(req.params.dag_id, {
        dagRunId: body.dag_run_id as string | null | undefined,
        logicalDate: optionalDate(body, 'logical_date'),
        conf: body.conf as Record<string, unknown> | null | undefined,
        note: body.note as string | null | undefined,
        user: users.get(req) ?? 'admin',
      }),
    );
    return { json: dagRunV2(s.dags.get(run.dagId)!, run) };
  });

  r.post(`${P}/dags/{dag_id}/clearTaskInstances`, req => {
    const body = objectBody(req.body, [
      'dry_run',
      'start_date',
      'end_date',
      'only_failed',
      'only_running',
      'reset_dag_runs',
      'task_ids',
      'dag_run_id',
      'include_upstream',
      'include_downstream',
      'include_future',
      'include_past',
      'run_on_latest_version',
      'prevent_running_task',
    ]);
    const flag = (name: string, fallback: boolean): boolean => {
      const value = body[name];
      if (value === undefined || value === null) return fallback;
      if (typeof value !== 'boolean') {
        throw E.invalid(
          ['body', name],
          'bool_parsing',
          'Input should be a valid boolean',
          value,
        );
      }
      return value;
    };
    if (typeof body.dag_run_id !== 'string') {
      // The sandbox clears one run at a time, the way the portal asks.
      throw E.badRequest('The sandbox clears task instances of one dag_run_id');
    }
    const dagRunId = body.dag_run_id;
    const s = state();
    const { run, instances } = mapState(() =>
      s.clear(req.params.dag_id, {
        runId: dagRunId,
        dryRun: flag('dry_run', true),
        onlyFailed: flag('only_failed', true),
        resetDagRuns: flag('reset_dag_runs', true),
        taskIds: Array.isArray(body.task_ids)
          ? body.task_ids.map(String)
          : undefined,
      }),
    );
    const dag = s.dags.get(run.dagId)!;
    return {
      json: {
        task_instances: instances.map((ti, index) =>
          taskInstanceV2(dag, run, ti, index),
        ),
        total_entries: instances.length,
      },
    };
  });

  r.get(`${P}/dags/{dag_id}/dagRuns/{dag_run_id}`, req => {
    const s = state();
    const run = mapState(() =>
      s.requireRun(req.params.dag_id, req.params.dag_run_id),
    );
    return { json: dagRunV2(s.dags.get(run.dagId)!, run) };
  });

  r.get(`${P}/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances`, req => {
    const q = new AirflowQuery(req, E);
    const { limit, offset } = paging(q, 50);
    const s = state();
    const run = mapState(() =>
      s.requireRun(req.params.dag_id, req.params.dag_run_id),
    );
    const dag = s.dags.get(run.dagId)!;
    const states = q.strings('state');
    const taskId = q.string('task_id');
    const all = s
      .taskInstances(dag, run)
      .map((ti, index) => ({ ti, index }))
      .filter(
        ({ ti }) =>
          (states.length === 0 ||
            states.includes(String(ti.state ?? 'none'))) &&
          (!taskId || ti.task.taskId === taskId),
      );
    return {
      json: {
        task_instances: all
          .slice(offset, offset + limit)
          .map(({ ti, index }) => taskInstanceV2(dag, run, ti, index)),
        total_entries: all.length,
      },
    };
  });

  r.get(
    `${P}/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{try_number}`,
    req => {
      const s = state();
      const run = mapState(() =>
        s.requireRun(req.params.dag_id, req.params.dag_run_id),
      );
      const dag = s.dags.get(run.dagId)!;
      const ti = s
        .taskInstances(dag, run)
        .find(t => t.task.taskId === req.params.task_id);
      if (!ti) {
        throw E.notFound('TaskInstance not found');
      }
      if (!/^\d+$/.test(req.params.try_number)) {
        throw E.invalid(
          ['path', 'try_number'],
          'int_parsing',
          'Input should be a valid integer, unable to parse string as an integer',
          req.params.try_number,
        );
      }
      const tryNumber = Number(req.params.try_number);
      if (tryNumber < 1 || tryNumber > ti.tryNumber) {
        throw E.notFound(
          `TaskInstance not found (try_number ${tryNumber} does not exist)`,
        );
      }
      const lines = taskLogLines(run, ti, tryNumber).map(l => ({
        timestamp: airflow3Time(l.timestamp),
        level: l.level,
        event: l.event,
      }));
      if ((req.headers.accept ?? '').includes('application/x-ndjson')) {
        return {
          text: `${lines.map(l => JSON.stringify(l)).join('\n')}\n`,
          contentType: 'application/x-ndjson',
        };
      }
      return { json: { content: lines, continuation_token: null } };
    },
  );

  return r.finish();
}
