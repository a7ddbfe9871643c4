import { ServiceUnavailableError } from '@backstage/errors';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  AIRFLOW_DAG_RUN_STATES,
  AirflowApiVersion,
  AirflowDag,
  AirflowDagRun,
  AirflowDagRunState,
  AirflowPage,
} from '../AirflowApi';

/*
 * Airflow answers as the client hands them out. Each reader names the fields the portal cannot
 * do without (an answer without them is malformed: a ServiceUnavailableError naming the field,
 * never a TypeError later), checks the type of every other field it reads (`null` is absent,
 * as both APIs write it), and maps both API versions onto one version-independent shape.
 */

/** An answer that is not what the contract promises, at `where`. */
class MalformedAnswer extends Error {}

type JsonObject = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function asObject(value: unknown, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedAnswer(`${where} is ${describe(value)}, not an object`);
  }
  return value as JsonObject;
}

function optional<T>(
  o: JsonObject,
  name: string,
  where: string,
  check: (value: unknown) => value is T,
  expected: string,
): T | undefined {
  const value = Object.prototype.hasOwnProperty.call(o, name)
    ? o[name]
    : undefined;
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!check(value)) {
    throw new MalformedAnswer(
      `${where}.${name} is ${describe(value)}, not ${expected}`,
    );
  }
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isList = (v: unknown): v is unknown[] => Array.isArray(v);

function text(o: JsonObject, name: string, where: string): string | undefined {
  return optional(o, name, where, isString, 'a string');
}

function requiredText(o: JsonObject, name: string, where: string): string {
  const value = text(o, name, where);
  if (!value) {
    throw new MalformedAnswer(`${where}.${name} is missing`);
  }
  return value;
}

function list<T>(
  o: JsonObject,
  name: string,
  where: string,
  read: (item: unknown, where: string) => T,
): T[] {
  const items = optional(o, name, where, isList, 'a list') ?? [];
  return items.map((item, index) => read(item, `${where}.${name}[${index}]`));
}

function readTagName(value: unknown, where: string): string {
  // v1 and v2 write `{ name }`; tolerate a bare string from older servers.
  return typeof value === 'string'
    ? value
    : requiredText(asObject(value, where), 'name', where);
}

function readOwner(value: unknown, where: string): string {
  if (typeof value !== 'string') {
    throw new MalformedAnswer(`${where} is ${describe(value)}, not a string`);
  }
  return value;
}

/** `DAG` (v1) or `DAGResponse` (v2): the portal needs the DAG id. */
function readDag(
  version: AirflowApiVersion,
  value: unknown,
  where: string,
): AirflowDag {
  const o = asObject(value, where);
  const dagId = requiredText(o, 'dag_id', where);
  const schedule =
    version === 'v2'
      ? text(o, 'timetable_summary', where)
      : readScheduleInterval(o, where);
  return {
    dagId,
    displayName: text(o, 'dag_display_name', where) || dagId,
    description: text(o, 'description', where),
    isPaused: optional(o, 'is_paused', where, isBoolean, 'a boolean') ?? false,
    owners: list(o, 'owners', where, readOwner),
    tags: list(o, 'tags', where, readTagName),
    fileloc: text(o, 'fileloc', where),
    schedule,
    scheduleDescription: text(o, 'timetable_description', where),
    nextRunAfter: text(
      o,
      version === 'v2' ? 'next_dagrun_run_after' : 'next_dagrun_create_after',
      where,
    ),
    hasImportErrors: optional(
      o,
      'has_import_errors',
      where,
      isBoolean,
      'a boolean',
    ),
  };
}

/** v1's `schedule_interval`: `{ __type, value }` for cron and timedelta, or a relativedelta. */
function readScheduleInterval(
  o: JsonObject,
  where: string,
): string | undefined {
  const value = o.schedule_interval;
  if (value === undefined || value === null) {
    return undefined;
  }
  const inner = asObject(value, `${where}.schedule_interval`);
  const cron = inner.value;
  if (typeof cron === 'string') {
    return cron;
  }
  const type = inner.__type;
  return typeof type === 'string' ? type : undefined;
}

/** `DAGRun` (v1) or `DAGRunResponse` (v2): the portal needs the DAG id and the run id. */
function readDagRun(
  version: AirflowApiVersion,
  value: unknown,
  where: string,
): AirflowDagRun {
  const o = asObject(value, where);
  const state = text(o, 'state', where);
  return {
    dagId: requiredText(o, 'dag_id', where),
    runId: requiredText(o, 'dag_run_id', where),
    state: AIRFLOW_DAG_RUN_STATES.includes(state as AirflowDagRunState)
      ? (state as AirflowDagRunState)
      : undefined,
    runType: text(o, 'run_type', where),
    logicalDate:
      text(o, 'logical_date', where) ??
      (version === 'v1' ? text(o, 'execution_date', where) : undefined),
    startDate: text(o, 'start_date', where),
    endDate: text(o, 'end_date', where),
    note: text(o, 'note', where),
  };
}

function readPage<T>(
  body: unknown,
  field: string,
  read: (item: unknown, where: string) => T,
): AirflowPage<T> {
  const o = asObject(body, 'answer');
  const items = list(o, field, 'answer', read);
  const total = optional(o, 'total_entries', 'answer', isInteger, 'an integer');
  return { items, totalEntries: total };
}

/**
 * The decoders of one instance's answers for one API version, created once per client: the
 * shared layer runs a decoder once per cached body and shares its frozen result, which it can
 * only do when the same function comes with every read.
 *
 * @internal
 */
export function createAnswerDecoders(
  instance: string,
  version: AirflowApiVersion,
) {
  const guard =
    <T>(operation: string, read: (body: unknown) => T) =>
    (body: unknown): T => {
      try {
        if (body === undefined) {
          throw new MalformedAnswer(
            'expected a JSON object, got an empty body',
          );
        }
        return read(body);
      } catch (error) {
        if (error instanceof MalformedAnswer) {
          throw new ServiceUnavailableError(
            `${AIRFLOW_SYSTEM.id} instance '${instance}': ${operation} returned an unexpected body: ${error.message}`,
          );
        }
        throw error;
      }
    };
  const dag = (value: unknown, where: string) => readDag(version, value, where);
  const dagRun = (value: unknown, where: string) =>
    readDagRun(version, value, where);
  return {
    dags: guard('GET /dags', body => readPage(body, 'dags', dag)),
    dag: guard('GET /dags/{dag_id}', body => dag(body, 'answer')),
    dagRuns: guard('GET /dags/{dag_id}/dagRuns', body =>
      readPage(body, 'dag_runs', dagRun),
    ),
  };
}

/** {@link createAnswerDecoders}' result. @internal */
export type AnswerDecoders = ReturnType<typeof createAnswerDecoders>;

/** Reads `GET /api/v{1,2}/version`: `{ version }`. @internal */
export function readVersionAnswer(body: unknown): string | undefined {
  return typeof body === 'object' &&
    body !== null &&
    typeof (body as JsonObject).version === 'string'
    ? ((body as JsonObject).version as string)
    : undefined;
}
