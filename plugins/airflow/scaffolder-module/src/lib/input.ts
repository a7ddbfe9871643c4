import { InputError } from '@backstage/errors';
import {
  describeConfProblem,
  describeDateTimeProblem,
  MAX_DAG_ID_LENGTH,
  parseAirflowDagIds,
} from '@mlops-portal/plugin-airflow-common';
import { optionalText } from '@mlops-portal/plugin-mlops-node';

// The actions check their input before the first request: the task runner checks it against the
// JSON schema, but not against the rules Airflow applies, and tests and agents may call a handler
// with anything.

/**
 * A DAG id as Airflow stores it (letters, digits, `_`, `.` and `-`, at most 250 characters),
 * trimmed.
 *
 * @internal
 */
export function validateDagId(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError('dagId must be the id of an Airflow DAG');
  }
  if (value.includes(',')) {
    throw new InputError(
      `dagId ${JSON.stringify(value)} must name one DAG; use one step per DAG`,
    );
  }
  try {
    return parseAirflowDagIds(value)[0];
  } catch (error) {
    throw new InputError(`dagId ${(error as Error).message}`);
  }
}

/**
 * The run's `conf`: a JSON object, or undefined when absent.
 *
 * @internal
 */
export function validateConf(
  value: unknown,
): Record<string, unknown> | undefined {
  const problem = describeConfProblem(value);
  if (problem) {
    throw new InputError(problem);
  }
  return value as Record<string, unknown> | undefined;
}

/**
 * The logical date: an RFC 3339 date-time with an offset (`isAirflowDateTime`), `null` (no
 * logical date; Airflow 3 runs without one), or undefined when absent or blank.
 *
 * @internal
 */
export function validateLogicalDate(value: unknown): string | null | undefined {
  if (value === null) {
    return null;
  }
  const text = optionalText('logicalDate', value);
  if (text === undefined) {
    return undefined;
  }
  const problem = describeDateTimeProblem('logicalDate', text);
  if (problem) {
    throw new InputError(problem);
  }
  return text;
}

/** The longest run id Airflow stores (`ID_LEN`, as for DAG ids). */
const MAX_RUN_ID_LENGTH = MAX_DAG_ID_LENGTH;
// Airflow's default `[scheduler] allowed_run_id_pattern`.
const RUN_ID = /^[A-Za-z0-9_.~:+-]+$/;

/**
 * A run id for the new run, or undefined to let Airflow make one.
 *
 * @internal
 */
export function validateRunId(value: unknown): string | undefined {
  const runId = optionalText('runId', value);
  if (
    runId !== undefined &&
    (runId.length > MAX_RUN_ID_LENGTH || !RUN_ID.test(runId))
  ) {
    throw new InputError(
      `runId ${JSON.stringify(
        runId,
      )} is not an Airflow run id (letters, digits, '_', '.', '~', ':', '+' and '-', at most ${MAX_RUN_ID_LENGTH} characters)`,
    );
  }
  return runId;
}

/**
 * An optional boolean input.
 *
 * @internal
 */
export function optionalBoolean(
  what: string,
  value: unknown,
  defaultValue: boolean,
): boolean {
  if (value === undefined || value === null) {
    return defaultValue;
  }
  if (typeof value !== 'boolean') {
    throw new InputError(`${what} must be true or false`);
  }
  return value;
}

/**
 * A number of seconds within bounds, given or defaulted.
 *
 * @internal
 */
export function boundedSeconds(
  what: string,
  value: unknown,
  bounds: { default: number; min: number; max: number },
): number {
  if (value === undefined || value === null) {
    return bounds.default;
  }
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < bounds.min ||
    value > bounds.max
  ) {
    throw new InputError(
      `${what} must be a number of seconds from ${bounds.min} to ${
        bounds.max
      }, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
