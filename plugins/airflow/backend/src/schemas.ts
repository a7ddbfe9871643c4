import {
  AIRFLOW_MAX_NOTE_LENGTH,
  AIRFLOW_RUN_STATES,
  AirflowRunState,
  describeConfProblem,
  describeDateTimeProblem,
  isAirflowDateTime,
  isDagRunConf,
  MAX_DAG_ID_LENGTH,
} from '@mlops-portal/plugin-airflow-common';
import { entityParamsSchema } from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';

// zod's v3 API: Backstage's actions registry takes v3 schemas, and routes and actions share these.

// Airflow's KEY_REGEX, for DAG and task ids.
const KEY = /^[A-Za-z0-9_.-]+$/;
// Airflow's ID_LEN: run ids are free text up to this long.
const ID_LEN = 250;
const MAX_RUNS_PAGE = 100;

const dagId = z
  .string()
  .max(MAX_DAG_ID_LENGTH)
  .regex(KEY, "not an Airflow DAG id (letters, digits, '_', '.' and '-')");
const runId = z
  .string()
  .min(1, 'run id must not be empty')
  .max(ID_LEN)
  .refine(
    id =>
      ![...id].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'run id must not hold control characters',
  );
const taskId = z
  .string()
  .max(ID_LEN)
  .regex(KEY, "not an Airflow task id (letters, digits, '_', '.' and '-')");
const dateTime = (what: string) =>
  z
    .string()
    .refine(isAirflowDateTime, value => ({
      message: describeDateTimeProblem(what, value),
    }))
    .describe(
      'An RFC 3339 date-time with an offset, e.g. 2026-12-01T00:00:00Z',
    );
const wholeNumber = (what: string, min: number) =>
  z.coerce
    .number()
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`);

/** `?a=x&a=y` and `?a=x,y` both become ['x', 'y']; blanks are dropped. */
const commaList = z.union([z.string(), z.array(z.string())]).transform(value =>
  (Array.isArray(value) ? value : [value])
    .flatMap(part => part.split(','))
    .map(part => part.trim())
    .filter(part => part !== ''),
);

/** A JSON object with any keys: not `z.record`, which drops `__proto__` keys. */
const conf = z
  .custom<Record<string, unknown>>(isDagRunConf, value => ({
    message: describeConfProblem(value),
  }))
  .describe("The run's conf: a JSON object of the DAG's params");

/** Route params naming the entity (the kit's). */
export { entityParamsSchema };

/** Query of `GET /instances` and `GET .../dags`: none. */
export const noQuerySchema = z.object({}).strict();

/** Route params naming a DAG. */
export const dagParamsSchema = entityParamsSchema.extend({ dagId });

/** Route params naming a run. */
export const runParamsSchema = dagParamsSchema.extend({ runId });

/** Route params naming a task log. */
export const logParamsSchema = runParamsSchema.extend({
  taskId,
  tryNumber: wholeNumber('tryNumber', 1),
});

/** Query of the task log route. */
export const logQuerySchema = z
  .object({ mapIndex: wholeNumber('mapIndex', -1).default(-1) })
  .strict();

/** Query of `GET .../dags/:dagId/runs`. */
export const runsQuerySchema = z
  .object({
    state: commaList
      .pipe(
        z.array(
          z.enum(AIRFLOW_RUN_STATES as [AirflowRunState, ...AirflowRunState[]]),
        ),
      )
      .optional(),
    since: dateTime('since').optional(),
    until: dateTime('until').optional(),
    limit: wholeNumber('limit', 1)
      .max(MAX_RUNS_PAGE, `limit must be at most ${MAX_RUNS_PAGE}`)
      .optional(),
    offset: wholeNumber('offset', 0).optional(),
  })
  .strict();

/** Body of `POST .../dags/:dagId/runs`. */
export const triggerBodySchema = z
  .object({
    conf: conf.optional(),
    logicalDate: dateTime('logicalDate').nullable().optional(),
    note: z.string().max(AIRFLOW_MAX_NOTE_LENGTH).optional(),
  })
  .strict();

/** Body of `POST .../dags/:dagId/paused`. */
export const setPausedBodySchema = z.object({ isPaused: z.boolean() }).strict();

/** Body of `POST .../runs/:runId/clear`. */
export const clearBodySchema = z
  .object({ onlyFailed: z.boolean().default(true) })
  .strict();

/** The entity an action acts through, as its `entityRef` input. */
export const entityRefInput = z
  .string()
  .min(1)
  .describe(
    "The catalog entity whose airflow.apache.org/dag-id annotation names the DAG, e.g. 'component:default/fraud-detection-model'",
  );

const dagInput = {
  entityRef: entityRefInput,
  dagId: dagId.describe('One of the DAG ids the entity annotates'),
};

/**
 * Action inputs: the route's entity as `entityRef`, then the same fields as the route (the
 * instance list names no entity).
 */
export const actionInputSchemas = {
  instances: noQuerySchema,
  dags: z.object({ entityRef: entityRefInput }).strict(),
  runs: runsQuerySchema.extend(dagInput),
  taskInstances: z.object({ ...dagInput, runId }).strict(),
  taskLog: z
    .object({
      ...dagInput,
      runId,
      taskId,
      tryNumber: wholeNumber('tryNumber', 1),
      mapIndex: wholeNumber('mapIndex', -1).default(-1),
    })
    .strict(),
  trigger: triggerBodySchema.extend(dagInput),
  setPaused: setPausedBodySchema.extend(dagInput),
  clear: clearBodySchema.extend({ ...dagInput, runId }),
};
