import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { MlflowTag } from '@mlops-portal/plugin-mlflow-node';

/** MLflow's limit on experiment names (`MAX_EXPERIMENT_NAME_LENGTH` in mlflow/utils/validation.py). */
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
/** The width of `registered_models.name` in MLflow's SQL store; longer names fail in the database. */
export const MAX_MODEL_NAME_LENGTH = 256;
/** MLflow's limit on experiment and registered model tag keys. */
export const MAX_TAG_KEY_LENGTH = 250;
/** MLflow's limit on experiment and registered model tag values. */
export const MAX_TAG_VALUE_LENGTH = 5000;

// MLflow's _VALID_PARAM_AND_METRIC_NAMES (`^[/\w.\- ]*$`); Python's `\w` matches Unicode letters
// and digits, hence the property escapes.
const TAG_KEY_CHARACTERS = /^[\p{L}\p{N}\p{M}_/.\- ]*$/u;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const entityValidator = makeValidator();

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
  if (CONTROL_CHARACTERS.test(value)) {
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

/** Checks an experiment name the way MLflow would, plus surrounding whitespace and control characters. */
export function validateExperimentName(value: unknown): string {
  return requireName(
    'MLflow experiment name',
    value,
    MAX_EXPERIMENT_NAME_LENGTH,
  );
}

/** Checks a registered model name; `/` and `%` are refused as MLflow's file store does. */
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

/** Checks one tag key the way MLflow's `_validate_tag_name` does. */
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

/** Checks a tag map and turns it into MLflow's `{ key, value }` list (in key order, for stable requests). */
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

/**
 * Checks an owner: a user or group entity ref, or a bare group name (`fraud-detection`,
 * `group:default/fraud-detection`, `user:jane`), by the rules the catalog provider applies to the
 * owner tag. Returns it unchanged, as the tag value.
 */
export function validateOwner(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError('owner must be a non-empty entity ref');
  }
  let ref: { kind: string; namespace: string; name: string };
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(`owner '${value}' is not a valid entity ref`, error);
  }
  if (
    !entityValidator.isValidNamespace(ref.namespace) ||
    !entityValidator.isValidEntityName(ref.name)
  ) {
    throw new InputError(
      `owner '${value}' is not a valid entity ref: '${ref.namespace}/${ref.name}' is not a valid namespace and name`,
    );
  }
  // Only groups and users own entities; the catalog provider ignores any other kind.
  if (!['group', 'user'].includes(ref.kind.toLocaleLowerCase('en-US'))) {
    throw new InputError(
      `owner '${value}' must refer to a group or a user, not a ${ref.kind}`,
    );
  }
  return value;
}

/**
 * Whether an owner tag value names the given owner, comparing entity refs rather than strings
 * (`fraud-detection` and `group:default/fraud-detection` are the same owner).
 */
export function isSameOwner(
  tagValue: string | undefined,
  owner: string,
): boolean {
  if (tagValue === undefined) {
    return false;
  }
  const normalise = (ref: string) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(ref.trim(), {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch {
      return ref;
    }
  };
  return normalise(tagValue) === normalise(owner);
}

/**
 * An optional free-text input: `undefined` when absent or blank (a template that renders an
 * unset parameter gives ''), InputError when it is not a string.
 */
export function optionalText(what: string, value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`${what} must be a string`);
  }
  return value.trim() === '' ? undefined : value;
}

/** Checks an experiment artifact location: a URI or path, not a `runs:/` URI (MLflow refuses those). */
export function validateArtifactLocation(value: unknown): string | undefined {
  const location = optionalText('artifactLocation', value);
  if (location === undefined) {
    return undefined;
  }
  if (location !== location.trim() || CONTROL_CHARACTERS.test(location)) {
    throw new InputError(
      `artifactLocation ${JSON.stringify(
        location,
      )} must not contain surrounding whitespace or control characters`,
    );
  }
  if (location.startsWith('runs:')) {
    throw new InputError(
      `artifactLocation '${location}' must not be a runs:/ URI; give a storage location such as s3://bucket/path`,
    );
  }
  return location;
}
