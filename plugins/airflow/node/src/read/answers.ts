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
 *
 * Where a problem is (`answer.dags[3].owners[0]`) is put together only when there is one: a
 * reader names the field relative to the object it reads, and each list adds its item's place as
 * the error passes through. Ingestion reads thousands of DAGs a run; none pays for a path.
 */

/** An answer that is not what the contract promises: `problem` at `path` below the answer. */
class MalformedAnswer extends Error {
  constructor(
    readonly problem: string,
    /** Field names and list places from the answer down, outermost first. */
    readonly path: readonly string[] = [],
  ) {
    super(problem);
  }

  /** The same problem, seen from the object holding `step`. */
  below(step: string): MalformedAnswer {
    return new MalformedAnswer(this.problem, [step, ...this.path]);
  }

  /** `answer.dags[3].owners[0] is a number, not a string`. */
  describe(): string {
    const where = this.path.reduce(
      (at, step) => (step.startsWith('[') ? at + step : `${at}.${step}`),
      'answer',
    );
    return `${where} ${this.problem}`;
  }
}

type JsonObject = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function asObject(value: unknown): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedAnswer(`is ${describe(value)}, not an object`);
  }
  return value as JsonObject;
}

function optional<T>(
  o: JsonObject,
  name: string,
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
    throw new MalformedAnswer(`is ${describe(value)}, not ${expected}`, [name]);
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

function text(o: JsonObject, name: string): string | undefined {
  return optional(o, name, isString, 'a string');
}

function requiredText(o: JsonObject, name: string): string {
  const value = text(o, name);
  if (!value) {
    throw new MalformedAnswer('is missing', [name]);
  }
  return value;
}

function list<T>(o: JsonObject, name: string, read: (item: unknown) => T): T[] {
  const items = optional(o, name, isList, 'a list');
  if (items === undefined) {
    return [];
  }
  const values: T[] = [];
  for (let index = 0; index < items.length; index++) {
    try {
      values.push(read(items[index]));
    } catch (error) {
      throw error instanceof MalformedAnswer
        ? error.below(`[${index}]`).below(name)
        : error;
    }
  }
  return values;
}

function readTagName(value: unknown): string {
  // v1 and v2 write `{ name }`; tolerate a bare string from older servers.
  return typeof value === 'string'
    ? value
    : requiredText(asObject(value), 'name');
}

function readOwner(value: unknown): string {
  if (typeof value !== 'string') {
    throw new MalformedAnswer(`is ${describe(value)}, not a string`);
  }
  return value;
}

/** `DAG` (v1) or `DAGResponse` (v2): the portal needs the DAG id. */
function readDag(version: AirflowApiVersion, value: unknown): AirflowDag {
  const o = asObject(value);
  const dagId = requiredText(o, 'dag_id');
  const v2 = version === 'v2';
  return {
    dagId,
    displayName: text(o, 'dag_display_name') || dagId,
    description: text(o, 'description'),
    isPaused: optional(o, 'is_paused', isBoolean, 'a boolean') ?? false,
    owners: list(o, 'owners', readOwner),
    tags: list(o, 'tags', readTagName),
    fileloc: text(o, 'fileloc'),
    schedule: v2 ? text(o, 'timetable_summary') : readScheduleInterval(o),
    scheduleDescription: text(o, 'timetable_description'),
    nextRunAfter: text(
      o,
      v2 ? 'next_dagrun_run_after' : 'next_dagrun_create_after',
    ),
    hasImportErrors: optional(o, 'has_import_errors', isBoolean, 'a boolean'),
  };
}

/** v1's `schedule_interval`: `{ __type, value }` for cron and timedelta, or a relativedelta. */
function readScheduleInterval(o: JsonObject): string | undefined {
  const value = o.schedule_interval;
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isObject(value)) {
    throw new MalformedAnswer(`is ${describe(value)}, not an object`, [
      'schedule_interval',
    ]);
  }
  const cron = value.value;
  if (typeof cron === 'string') {
    return cron;
  }
  const type = value.__type;
  return typeof type === 'string' ? type : undefined;
}

/** `DAGRun` (v1) or `DAGRunResponse` (v2): the portal needs the DAG id and the run id. */
function readDagRun(version: AirflowApiVersion, value: unknown): AirflowDagRun {
  const o = asObject(value);
  const state = text(o, 'state');
  return {
    dagId: requiredText(o, 'dag_id'),
    runId: requiredText(o, 'dag_run_id'),
    state: AIRFLOW_DAG_RUN_STATES.includes(state as AirflowDagRunState)
      ? (state as AirflowDagRunState)
      : undefined,
    runType: text(o, 'run_type'),
    logicalDate:
      text(o, 'logical_date') ??
      (version === 'v1' ? text(o, 'execution_date') : undefined),
    startDate: text(o, 'start_date'),
    endDate: text(o, 'end_date'),
    note: text(o, 'note'),
    conf: optional(o, 'conf', isObject, 'an object'),
  };
}

/** `TaskInstance` (v1) or `TaskInstanceResponse` (v2): the portal needs the task id. */
function readTaskInstance(
  version: AirflowApiVersion,
  value: unknown,
): AirflowTaskInstance {
  const o = asObject(value);
  const taskId = requiredText(o, 'task_id');
  return {
    taskId,
    displayName: text(o, 'task_display_name') || taskId,
    mapIndex: optional(o, 'map_index', isInteger, 'an integer') ?? -1,
    state: text(o, 'state'),
    tryNumber: optional(o, 'try_number', isInteger, 'an integer') ?? 0,
    maxTries: optional(o, 'max_tries', isInteger, 'an integer'),
    operator:
      (version === 'v2' ? text(o, 'operator_name') : undefined) ??
      text(o, 'operator'),
    startDate: text(o, 'start_date'),
    endDate: text(o, 'end_date'),
    durationSeconds: optional(o, 'duration', isNumber, 'a number'),
  };
}

/** `TaskInstanceReference` (v1) or `TaskInstanceResponse` (v2) of a clear. */
function readClearedTask(value: unknown): AirflowClearedTask {
  const o = asObject(value);
  return {
    taskId: requiredText(o, 'task_id'),
    mapIndex: optional(o, 'map_index', isInteger, 'an integer'),
  };
}

/** One line of v2's structured log: `StructuredLogMessage` (needs `event`) or a string. */
function readLogLine(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const o = asObject(value);
  const event = optional(o, 'event', isString, 'a string');
  if (event === undefined) {
    throw new MalformedAnswer('is missing', ['event']);
  }
  const timestamp = text(o, 'timestamp');
  const level = optional(o, 'level', isString, 'a string');
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
  const o = asObject(body);
  const content =
    version === 'v1'
      ? text(o, 'content') ?? ''
      : list(o, 'content', readLogLine).join('\n');
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
  read: (item: unknown) => T,
): AirflowPage<T> {
  const o = asObject(body);
  const items = list(o, field, read);
  const total = optional(o, 'total_entries', isInteger, 'an integer');
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
          throw new MalformedAnswer('is an empty body, not a JSON object');
        }
        return read(body);
      } catch (error) {
        if (error instanceof MalformedAnswer) {
          throw new ServiceUnavailableError(
            `${
              AIRFLOW_SYSTEM.id
            } instance '${instance}': ${operation} returned an unexpected body: ${error.describe()}`,
          );
        }
        throw error;
      }
    };
  const dag = (value: unknown) => readDag(version, value);
  const dagRun = (value: unknown) => readDagRun(version, value);
  return {
    dags: guard('GET /dags', body => readPage(body, 'dags', dag)),
    dag: guard('GET /dags/{dag_id}', body => dag(body)),
    dagRuns: guard('GET /dags/{dag_id}/dagRuns', body =>
      readPage(body, 'dag_runs', dagRun),
    ),
    dagRun: guard('GET /dags/{dag_id}/dagRuns/{dag_run_id}', body =>
      dagRun(body),
    ),
    taskInstances: guard('GET …/dagRuns/{dag_run_id}/taskInstances', body =>
      readPage(body, 'task_instances', value =>
        readTaskInstance(version, value),
      ),
    ),
    taskLog: guard('GET …/taskInstances/{task_id}/logs/{try_number}', body =>
      readTaskLog(version, body, maxLogChars),
    ),
    triggered: guard('POST /dags/{dag_id}/dagRuns', body => dagRun(body)),
    patchedDag: guard('PATCH /dags/{dag_id}', body => dag(body)),
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
