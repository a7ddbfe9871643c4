import type { Request } from 'express';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';
import { BASE_TIME_MS, airflow2Time } from '../time';
import { AirflowAuthConfig, requireAirflowBasic } from './auth';
import { AIRFLOW_VERSIONS, airflowV1Errors as E } from './errors';
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
  dagDetailV1,
  dagRunV1,
  dagV1,
  taskInstanceV1,
  taskLogLines,
} from './serialize';
import { AirflowState, AirflowStateError } from './state';

const P = '/api/v1';
const users = new WeakMap<Request, string>();

function mapState<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AirflowStateError) {
      if (error.kind === 'not_found')
        throw E.notFound(error.message.replace(/`/g, "'"));
      if (error.kind === 'conflict')
        throw E.conflict(error.message.replace(/`/g, "'"));
      throw E.badRequest(error.message);
    }
    if (error instanceof OrderByError) {
      throw E.badRequest(error.message);
    }
    throw error;
  }
}

function paging(q: AirflowQuery): { limit: number; offset: number } {
  return {
    limit: Math.min(q.int('limit', 100), MAXIMUM_PAGE_LIMIT),
    offset: q.int('offset', 0),
  };
}

/** Applies `fields=a&fields=b` (v1 returns only those fields). */
function pick(
  obj: Record<string, unknown>,
  fields: string[],
): Record<string, unknown> {
  if (fields.length === 0) return obj;
  return Object.fromEntries(
    Object.entries(obj).filter(([key]) => fields.includes(key)),
  );
}

function ranges(q: AirflowQuery): DateRange[] {
  const out: DateRange[] = [];
  const fields = {
    execution_date: 'logicalDate',
    start_date: 'startDate',
    end_date: 'endDate',
  } as const;
  for (const [param, field] of Object.entries(fields)) {
    for (const op of ['gte', 'lte'] as const) {
      const value = q.date(`${param}_${op}`);
      if (value !== undefined) out.push({ field, op, value });
    }
  }
  return out;
}

function textLog(
  lines: Array<{ timestamp: number; level: string; event: string }>,
): string {
  return lines
    .map(
      l =>
        `[${new Date(l.timestamp)
          .toISOString()
          .replace(
            'Z',
            '+0000',
          )}] {taskinstance.py:2612} ${l.level.toUpperCase()} - ${l.event}`,
    )
    .join('\n');
}

/** Airflow 2: the stable REST API `/api/v1` with HTTP Basic auth. */
export function createAirflowV1Router(opts: {
  mount: string;
  state: () => AirflowState;
  auth: AirflowAuthConfig;
  table: SandboxRoute[];
  stats: StatsRecorder;
}) {
  const { state, auth } = opts;
  const adapter: SystemAdapter = {
    system: 'airflow2',
    mount: opts.mount,
    contract: 'airflow-v1',
    authenticate: req => {
      users.set(req, requireAirflowBasic(auth, req));
    },
    malformedBody: message =>
      E.badRequest(`Request body is not valid JSON: ${message}`),
    routeNotFound: () =>
      E.notFound(
        'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
      ),
    internalError: message => E.internal(message),
  };
  const r = new SystemRouter(adapter, opts.table, opts.stats);

  r.get(
    `${P}/health`,
    () => {
      const beat = airflow2Time(BASE_TIME_MS - 4000);
      return {
        json: {
          metadatabase: { status: 'healthy' },
          scheduler: { status: 'healthy', latest_scheduler_heartbeat: beat },
          triggerer: { status: 'healthy', latest_triggerer_heartbeat: beat },
          dag_processor: { status: null, latest_dag_processor_heartbeat: null },
        },
      };
    },
    { auth: false },
  );

  r.get(`${P}/version`, () => ({
    json: { version: AIRFLOW_VERSIONS.v1, git_version: null },
  }));

  r.get(`${P}/dags`, req => {
    const q = new AirflowQuery(req, E);
    const { limit, offset } = paging(q);
    const s = state();
    q.bool('only_active');
    return mapState(() => {
      const orderBy = q.string('order_by');
      const dags = sortDags(
        s,
        filterDags(s, {
          tags: q.strings('tags'),
          tagsMatchAll: false,
          owners: [],
          dagIdPattern: q.string('dag_id_pattern'),
          paused: q.bool('paused'),
        }),
        orderBy ? [orderBy] : ['dag_id'],
      );
      const fields = q.strings('fields');
      return {
        json: {
          dags: dags
            .slice(offset, offset + limit)
            .map(d => pick(dagV1(d), fields)),
          total_entries: dags.length,
        },
      };
    });
  });

  r.get(`${P}/dags/{dag_id}`, req => {
    const q = new AirflowQuery(req, E);
    return {
      json: pick(
        dagV1(mapState(() => state().requireDag(req.params.dag_id))),
        q.strings('fields'),
      ),
    };
  });

  r.patch(`${P}/dags/{dag_id}`, req => {
    const q = new AirflowQuery(req, E);
    const mask = q.strings('update_mask');
    if (mask.some(field => field !== 'is_paused')) {
      throw E.badRequest(
        'Only `is_paused` field can be updated through the REST API',
      );
    }
    const body = req.body as Record<string, unknown> | undefined;
    if (
      !body ||
      typeof body !== 'object' ||
      typeof body.is_paused !== 'boolean'
    ) {
      throw E.badRequest(
        "'is_paused' is a required property and must be a boolean",
      );
    }
    const paused = body.is_paused;
    return {
      json: dagV1(mapState(() => state().setPaused(req.params.dag_id, paused))),
    };
  });

  r.get(`${P}/dags/{dag_id}/details`, req => {
    const q = new AirflowQuery(req, E);
    return {
      json: pick(
        dagDetailV1(mapState(() => state().requireDag(req.params.dag_id))),
        q.strings('fields'),
      ),
    };
  });

  r.get(`${P}/dags/{dag_id}/dagRuns`, req => {
    const q = new AirflowQuery(req, E);
    const { limit, offset } = paging(q);
    const s = state();
    const dagId = req.params.dag_id;
    return mapState(() => {
      const source =
        dagId === '~' ? s.allRuns() : (s.requireDag(dagId), s.runsOf(dagId));
      const orderBy = q.string('order_by');
      const runs = sortRuns(
        filterRuns(source, {
          states: q.strings('state'),
          runTypes: [],
          ranges: ranges(q),
        }),
        orderBy ? [orderBy] : ['id'],
      );
      const fields = q.strings('fields');
      return {
        json: {
          dag_runs: runs
            .slice(offset, offset + limit)
            .map(run => pick(dagRunV1(run), fields)),
          total_entries: runs.length,
        },
      };
    });
  });

  r.post(`${P}/dags/{dag_id}/dagRuns`, req => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw E.badRequest("None is not of type 'object'");
    }
    for (const readOnly of [
      'dag_id',
      'state',
      'start_date',
      'end_date',
      'external_trigger',
      'run_type',
    ]) {
      if (body[readOnly] !== undefined) {
        throw E.badRequest(`Property is read-only - '${readOnly}'`);
      }
    }
    if (
      body.conf !== undefined &&
      (typeof body.conf !== 'object' ||
        body.conf === null ||
        Array.isArray(body.conf))
    ) {
      throw E.badRequest(
        `${JSON.stringify(body.conf)} is not of type 'object' - 'conf'`,
      );
    }
    const dateOf = (name: string): number | null | undefined => {
      const value = body[name];
      if (value === undefined || value === null)
        return value as null | undefined;
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(ms))
        throw E.badRequest(
          `'${String(value)}' is not a 'date-time' - '${name}'`,
        );
      return ms;
    };
    const logical = dateOf('logical_date');
    const execution = dateOf('execution_date');
    if (
      typeof logical === 'number' &&
      typeof execution === 'number' &&
      logical !== execution
    ) {
      throw E.badRequest('logical_date conflicts with execution_date');
    }
    const s = state();
    const run = mapState(() =>
      s.trigger(req.params.dag_id, {
        dagRunId:
          typeof body.dag_run_id === 'string' ? body.dag_run_id : undefined,
        logicalDate: logical ?? execution ?? undefined,
        conf: body.conf as Record<string, unknown> | undefined,
        note: typeof body.note === 'string' ? body.note : undefined,
        user: users.get(req) ?? 'admin',
      }),
    );
    return { json: dagRunV1(run) };
  });

  r.post(`${P}/dags/{dag_id}/clearTaskInstances`, req => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw E.badRequest("None is not of type 'object'");
    }
    const flag = (name: string, fallback: boolean): boolean => {
      const value = body[name];
      if (value === undefined) return fallback;
      if (typeof value !== 'boolean') {
        throw E.badRequest(
          `${JSON.stringify(value)} is not of type 'boolean' - '${name}'`,
        );
      }
      return value;
    };
    if (typeof body.dag_run_id !== 'string') {
      throw E.badRequest('The sandbox clears task instances of one dag_run_id');
    }
    const dagRunId = body.dag_run_id;
    const { run, instances } = mapState(() =>
      state().clear(req.params.dag_id, {
        runId: dagRunId,
        dryRun: flag('dry_run', true),
        onlyFailed: flag('only_failed', true),
        resetDagRuns: flag('reset_dag_runs', true),
        taskIds: Array.isArray(body.task_ids)
          ? body.task_ids.map(String)
          : undefined,
      }),
    );
    return {
      json: {
        task_instances: instances.map(ti => ({
          task_id: ti.task.taskId,
          dag_id: run.dagId,
          dag_run_id: run.runId,
          execution_date: dagRunV1(run).execution_date,
        })),
      },
    };
  });

  r.get(`${P}/dags/{dag_id}/dagRuns/{dag_run_id}`, req => {
    const q = new AirflowQuery(req, E);
    const run = mapState(() =>
      state().requireRun(req.params.dag_id, req.params.dag_run_id),
    );
    return { json: pick(dagRunV1(run), q.strings('fields')) };
  });

  r.get(`${P}/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances`, req => {
    const q = new AirflowQuery(req, E);
    const { limit, offset } = paging(q);
    const s = state();
    const run = mapState(() =>
      s.requireRun(req.params.dag_id, req.params.dag_run_id),
    );
    const dag = s.dags.get(run.dagId)!;
    const all = s.taskInstances(dag, run);
    return {
      json: {
        task_instances: all
          .slice(offset, offset + limit)
          .map((ti, i) => taskInstanceV1(dag, run, ti, offset + i)),
        total_entries: all.length,
      },
    };
  });

  r.get(
    `${P}/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{task_try_number}`,
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
        throw E.notFound('Task instance did not exist in the DB');
      }
      const tryNumber = Number(req.params.task_try_number);
      if (
        !Number.isInteger(tryNumber) ||
        tryNumber < 1 ||
        tryNumber > ti.tryNumber
      ) {
        throw E.notFound(
          `Task instance try ${req.params.task_try_number} did not exist in the DB`,
        );
      }
      const text = textLog(taskLogLines(run, ti, tryNumber));
      if ((req.headers.accept ?? '').includes('application/json')) {
        return {
          json: {
            content: text,
            continuation_token: Buffer.from('{"end_of_log": true}').toString(
              'base64url',
            ),
          },
        };
      }
      return { text, contentType: 'text/plain; charset=utf-8' };
    },
  );

  return r.finish();
}
