import { InputError } from '@backstage/errors';
import {
  describeConfProblem,
  describeDateTimeProblem,
} from '@mlops-portal/plugin-airflow-common';
import { encodePath } from '@mlops-portal/plugin-mlops-node';
import { AIRFLOW_DAG_RUN_STATES } from '../AirflowApi';

// What the client checks of its callers' input before any request: what Airflow would refuse
// with a message naming neither the field nor the fix.

// Run fields of order_by that Airflow 3 renamed; the portal speaks Airflow 3's names.
const V1_RUN_ORDER_FIELDS: Record<string, string> = {
  logical_date: 'execution_date',
};
const ORDER_BY = /^-?[a-z_]+$/;

/** A DAG id that is no empty string. @internal */
export function requireDagId(dagId: string): string {
  return requireId(dagId, 'DAG id');
}

/** `/dags/{dag_id}/dagRuns/{dag_run_id}`, both checked and encoded. @internal */
export function runPath(dagId: string, runId: string): string {
  return encodePath`/dags/${requireDagId(dagId)}/dagRuns/${requireId(
    runId,
    'DAG run id',
  )}`;
}

/** An id that is no empty string; `what` names it in the InputError. @internal */
export function requireId(id: string, what: string): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new InputError(`${what} must not be empty`);
  }
  return id;
}

/**
 * A date-time as `isAirflowDateTime` takes it, as the same instant in UTC; undefined when absent.
 *
 * @internal
 */
export function checkDate(value: string | undefined, name: string) {
  if (value === undefined || value === '') {
    return undefined;
  }
  const problem = describeDateTimeProblem(name, value);
  if (problem) {
    throw new InputError(problem);
  }
  // The same instant in UTC: Airflow 2 and 3 read it alike, as filter and as logical date.
  return new Date(value).toISOString();
}

/** A run's conf as `describeConfProblem` takes it; undefined when absent. @internal */
export function checkConf(conf: unknown): Record<string, unknown> | undefined {
  const problem = describeConfProblem(conf);
  if (problem) {
    throw new InputError(problem);
  }
  return conf as Record<string, unknown> | undefined;
}

/** A list offset: a non-negative integer; undefined for none or 0. @internal */
export function checkOffset(offset: number | undefined): number | undefined {
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0)) {
    throw new InputError(
      `offset must be a non-negative integer, got ${offset}`,
    );
  }
  return offset || undefined;
}

/** DAG run states the client knows; undefined for none. @internal */
export function checkStates(
  states: string[] | undefined,
): string[] | undefined {
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

/** One field to order by, `-` first for descending; undefined for none. @internal */
export function checkOrderBy(orderBy: string | undefined): string | undefined {
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

/** An order of runs as Airflow 2 names its fields. @internal */
export function toV1Order(orderBy: string): string {
  const descending = orderBy.startsWith('-');
  const field = descending ? orderBy.slice(1) : orderBy;
  return `${descending ? '-' : ''}${V1_RUN_ORDER_FIELDS[field] ?? field}`;
}
