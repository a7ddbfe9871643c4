import { ServiceUnavailableError } from '@backstage/errors';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  AIRFLOW_DAG_RUN_STATES,
  AirflowApiVersion,
  AirflowClearedTask,
  AirflowDag,
  AirflowDagRun,
  AirflowDagRunState,
  AirflowPage,
  AirflowTaskInstance,
  AirflowTaskLog,
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
const isNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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
    conf: optional(o, 'conf', where, isObject, 'an object'),
  };
}

/** `TaskInstance` (v1) or `TaskInstanceResponse` (v2): the portal needs the task id. */
function readTaskInstance(
  version: AirflowApiVersion,
  value: unknown,
  where: string,
): AirflowTaskInstance {
  const o = asObject(value, where);
  const taskId = requiredText(o, 'task_id', where);
  return {
    taskId,
    displayName: text(o, 'task_display_name', where) || taskId,
    mapIndex: optional(o, 'map_index', where, isInteger, 'an integer') ?? -1,
    state: text(o, 'state', where),
    tryNumber: optional(o, 'try_number', where, isInteger, 'an integer') ?? 0,
    maxTries: optional(o, 'max_tries', where, isInteger, 'an integer'),
    operator:
      (version === 'v2' ? text(o, 'operator_name', where) : undefined) ??
      text(o, 'operator', where),
    startDate: text(o, 'start_date', where),
    endDate: text(o, 'end_date', where),
    durationSeconds: optional(o, 'duration', where, isNumber, 'a number'),
  };
}

/** `TaskInstanceReference` (v1) or `TaskInstanceResponse` (v2) of a clear. */
function readClearedTask(value: unknown, where: string): AirflowClearedTask {
  const o = asObject(value, where);
  return {
    taskId: requiredText(o, 'task_id', where),
    mapIndex: optional(o, 'map_index', where, isInteger, 'an integer'),
  };
}

/** One line of v2's structured log: `StructuredLogMessage` (needs `event`) or a string. */
function readLogLine(value: unknown, where: string): string {
  if (typeof value === 'string') {
    return value;
  }
  const o = asObject(value, where);
  const event = optional(o, 'event', where, isString, 'a string');
  if (event === undefined) {
    throw new MalformedAnswer(`${where}.event is missing`);
  }
  const timestamp = text(o, 'timestamp', where);
  const level = optional(o, 'level', where, isString, 'a string');
  return [
    timestamp && `[${timestamp}]`,
    level && `${level.toUpperCase()} -`,
    event,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * A log answer: v1's `{ content: string }`, v2's `TaskInstancesLogResponse` (`content` a list of
 * structured lines or strings); cut to its last `maxChars` characters at a line start.
 */
function readTaskLog(
  version: AirflowApiVersion,
  body: unknown,
  maxChars: number,
): AirflowTaskLog {
  const o = asObject(body, 'answer');
  const content =
    version === 'v1'
      ? text(o, 'content', 'answer') ?? ''
      : list(o, 'content', 'answer', readLogLine).join('\n');
  return cutLog(content, maxChars);
}

/** The end of a log: at most `maxChars` characters, starting at a line where it can. @internal */
export function cutLog(content: string, maxChars: number): AirflowTaskLog {
  if (content.length <= maxChars) {
    return { content, truncated: false };
  }
  const tail = content.slice(content.length - maxChars);
  const lineStart = tail.indexOf('\n');
  return {
    content:
      lineStart >= 0 && lineStart < tail.length - 1
        ? tail.slice(lineStart + 1)
        : tail,
    truncated: true,
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
  maxLogChars: number,
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
    dagRun: guard('GET /dags/{dag_id}/dagRuns/{dag_run_id}', body =>
      dagRun(body, 'answer'),
    ),
    taskInstances: guard('GET …/dagRuns/{dag_run_id}/taskInstances', body =>
      readPage(body, 'task_instances', (value, where) =>
        readTaskInstance(version, value, where),
      ),
    ),
    taskLog: guard('GET …/taskInstances/{task_id}/logs/{try_number}', body =>
      readTaskLog(version, body, maxLogChars),
    ),
    triggered: guard('POST /dags/{dag_id}/dagRuns', body =>
      dagRun(body, 'answer'),
    ),
    patchedDag: guard('PATCH /dags/{dag_id}', body => dag(body, 'answer')),
    cleared: guard(
      'POST /dags/{dag_id}/clearTaskInstances',
      body => readPage(body, 'task_instances', readClearedTask).items,
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
