/*
 * MLflow's own rules for the names and tags the portal sends (mlflow/utils/validation.py), checked
 * before any request so that bad input is an InputError naming the value, not a round trip.
 */
import { InputError } from '@backstage/errors';
import { MlflowTag } from './types';

/**
 * MLflow's limit on experiment names (`MAX_EXPERIMENT_NAME_LENGTH` in mlflow/utils/validation.py).
 *
 * @public
 */
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
/**
 * The width of `registered_models.name` in MLflow's SQL store; longer names fail in the database.
 *
 * @public
 */
export const MAX_MODEL_NAME_LENGTH = 256;
/**
 * MLflow's limit on experiment and registered model tag keys.
 *
 * @public
 */
export const MAX_TAG_KEY_LENGTH = 250;
/**
 * MLflow's limit on experiment and registered model tag values.
 *
 * @public
 */
export const MAX_TAG_VALUE_LENGTH = 5000;

// MLflow's _VALID_PARAM_AND_METRIC_NAMES (`^[/\w.\- ]*$`); Python's `\w` matches Unicode letters
// and digits, hence the property escapes.
const TAG_KEY_CHARACTERS = /^[\p{L}\p{N}\p{M}_/.\- ]*$/u;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Whether a value holds control characters (which MLflow stores, but no one means to send).
 *
 * @public
 */
export function containsControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

function requireName(what: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${what} must be a non-empty string`);
  }
  // MLflow stores such names verbatim; a name that differs from another only by surrounding
  // whitespace or an invisible character is almost always a template mistake.
  if (value !== value.trim()) {
    throw new InputError(
      `${what} '${value}' must not start or end with whitespace`,
    );
  }
  if (containsControlCharacters(value)) {
    throw new InputError(
      `${what} ${JSON.stringify(value)} must not contain control characters`,
    );
  }
  if (value.length > maxLength) {
    throw new InputError(
      `${what} is ${value.length} characters long; MLflow accepts at most ${maxLength}`,
    );
  }
  return value;
}

/**
 * Checks an experiment name the way MLflow would, plus surrounding whitespace and control characters.
 *
 * @public
 */
export function validateExperimentName(value: unknown): string {
  return requireName(
    'MLflow experiment name',
    value,
    MAX_EXPERIMENT_NAME_LENGTH,
  );
}

/**
 * Checks a registered model name; `/` and `%` are refused as MLflow's file store does.
 *
 * @public
 */
export function validateModelName(value: unknown): string {
  const name = requireName(
    'MLflow registered model name',
    value,
    MAX_MODEL_NAME_LENGTH,
  );
  // A slash makes `models:/<name>/<version>` URIs ambiguous and '%' breaks their decoding;
  // MLflow's file store rejects both, so refusing them keeps models portable between stores.
  if (name.includes('/') || name.includes('%')) {
    throw new InputError(
      `MLflow registered model name '${name}' must not contain '/' or '%'`,
    );
  }
  return name;
}

/**
 * Checks one tag key the way MLflow's `_validate_tag_name` does.
 *
 * @public
 */
export function validateTagKey(key: string): string {
  if (key === '') {
    throw new InputError('MLflow tag keys must not be empty');
  }
  if (!TAG_KEY_CHARACTERS.test(key)) {
    throw new InputError(
      `Invalid MLflow tag key '${key}': keys may only contain letters, digits, underscores (_), dashes (-), periods (.), spaces ( ) and slashes (/)`,
    );
  }
  // MLflow may treat keys as file paths and refuses those that normalise to another path.
  const segments = key.split('/');
  if (
    key.startsWith('/') ||
    key.startsWith('..') ||
    segments.some(
      segment => segment === '' || segment === '.' || segment === '..',
    )
  ) {
    throw new InputError(
      `Invalid MLflow tag key '${key}': it must be a normalised relative path (no leading, trailing or double slashes, no '.' or '..' segments)`,
    );
  }
  if (key.length > MAX_TAG_KEY_LENGTH) {
    throw new InputError(
      `MLflow tag key '${key.slice(0, 50)}…' is ${
        key.length
      } characters long; MLflow accepts at most ${MAX_TAG_KEY_LENGTH}`,
    );
  }
  return key;
}

/**
 * Checks a tag map and turns it into MLflow's `{ key, value }` list (in key order, for stable requests).
 *
 * @public
 */
export function validateTags(value: unknown): MlflowTag[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(
      'MLflow tags must be an object mapping tag keys to string values',
    );
  }
  return Object.entries(value as Record<string, unknown>)
    .sort(([a], [b]) => Number(a > b) - Number(a < b))
    .map(([key, tagValue]) => {
      validateTagKey(key);
      if (typeof tagValue !== 'string') {
        throw new InputError(
          `MLflow tag '${key}' must have a string value, got ${
            tagValue === null ? 'null' : typeof tagValue
          }`,
        );
      }
      if (tagValue.length > MAX_TAG_VALUE_LENGTH) {
        throw new InputError(
          `MLflow tag '${key}' has a value of ${tagValue.length} characters; MLflow accepts at most ${MAX_TAG_VALUE_LENGTH}`,
        );
      }
      return { key, value: tagValue };
    });
}
