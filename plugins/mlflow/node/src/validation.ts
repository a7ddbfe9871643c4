import { InputError } from '@backstage/errors';
import { MLFLOW_STAGES, MlflowStage } from '@mlops-portal/plugin-mlflow-common';

/**
 * Checks on user-supplied values, made before any request so that bad input is an
 * InputError naming the value rather than a round trip to MLflow. They follow MLflow's own
 * server-side rules (mlflow/utils/validation.py) and never reject what MLflow accepts.
 */

// MLflow: `^[\w\-]*$` (Python's \w is Unicode-aware), at most 255 characters,
// not 'latest' (any case) and not `v<digits>`, which MLflow reserves for version URIs.
const ALIAS_PATTERN = /^[\p{L}\p{N}_-]+$/u;
const RESERVED_VERSION_ALIAS = /^[vV]\d+$/;
const MAX_ALIAS_LENGTH = 255;
// MLflow parses versions with int(); registries number them 1, 2, 3, ...
const VERSION_PATTERN = /^\d+$/;

/** A required, non-blank string. */
export function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${what} must be a non-empty string`);
  }
  return value;
}

/** A model version number as MLflow writes it ('1', '2', ...). */
export function requireVersion(value: unknown): string {
  const version = requireText(value, 'Model version');
  if (!VERSION_PATTERN.test(version)) {
    throw new InputError(
      `Model version must be a version number such as '3', got '${version}'`,
    );
  }
  return version;
}

/** An alias name MLflow accepts for `registered-models/alias`. */
export function requireAlias(value: unknown): string {
  const alias = requireText(value, 'Alias');
  if (!ALIAS_PATTERN.test(alias)) {
    throw new InputError(
      `Invalid alias '${alias}': aliases may only contain letters, digits, '_' and '-'`,
    );
  }
  if (alias.length > MAX_ALIAS_LENGTH) {
    throw new InputError(
      `Invalid alias: at most ${MAX_ALIAS_LENGTH} characters are allowed`,
    );
  }
  if (alias.toLowerCase() === 'latest' || RESERVED_VERSION_ALIAS.test(alias)) {
    throw new InputError(
      `Invalid alias '${alias}': MLflow reserves 'latest' and 'v<number>' for version references`,
    );
  }
  return alias;
}

/** A stage name, normalised to MLflow's spelling (MLflow accepts any case). */
export function requireStage(value: unknown): MlflowStage {
  const text = requireText(value, 'Stage');
  const stage = MLFLOW_STAGES.find(s => s.toLowerCase() === text.toLowerCase());
  if (!stage) {
    throw new InputError(
      `Invalid stage '${text}'; expected one of ${MLFLOW_STAGES.join(', ')}`,
    );
  }
  return stage;
}

/** An optional page size within 1..max. */
export function checkMaxResults(
  value: number | undefined,
  max: number,
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError(
      `maxResults must be a whole number from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}
