import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { instanceAnnotationKey } from './annotations';
import { MlopsSystem } from './systems';

/**
 * Turns a raw annotation value into a typed one; throws an Error naming the bad value and what was expected.
 *
 * @public
 */
export type AnnotationValueParser<T> = (value: string) => T;

/**
 * Reads an annotation, optionally parsed; `undefined` when absent, `InputError` when malformed.
 *
 * @remarks
 * An empty or whitespace-only value counts as malformed, not as absent: someone
 * wrote the key on purpose, and silently ignoring it hides the mistake. Other
 * values are returned as written (not trimmed), because upstream names such as
 * MLflow model names may legitimately carry surrounding spaces.
 *
 * @public
 */
export function readAnnotation(entity: Entity, key: string): string | undefined;
/**
 * Reads an annotation, optionally parsed; `undefined` when absent, `InputError` when malformed.
 *
 * @public
 */
export function readAnnotation<T>(
  entity: Entity,
  key: string,
  parse: AnnotationValueParser<T>,
): T | undefined;
export function readAnnotation<T>(
  entity: Entity,
  key: string,
  parse?: AnnotationValueParser<T>,
): T | string | undefined {
  const value = entity.metadata.annotations?.[key];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw malformed(
      entity,
      key,
      `${JSON.stringify(value)} is empty; expected a non-empty value`,
    );
  }
  if (!parse) {
    return value;
  }
  try {
    return parse(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw malformed(entity, key, reason);
  }
}

/**
 * Like {@link (readAnnotation:1)}, but a missing annotation is an `InputError` too.
 *
 * @public
 */
export function requireAnnotation(entity: Entity, key: string): string;
/**
 * Like {@link (readAnnotation:2)}, but a missing annotation is an `InputError` too.
 *
 * @public
 */
export function requireAnnotation<T>(
  entity: Entity,
  key: string,
  parse: AnnotationValueParser<T>,
): T;
export function requireAnnotation<T>(
  entity: Entity,
  key: string,
  parse?: AnnotationValueParser<T>,
): T | string {
  const value = parse
    ? readAnnotation(entity, key, parse)
    : readAnnotation(entity, key);
  if (value === undefined) {
    throw new InputError(
      `Entity '${safeEntityRef(entity)}' has no '${key}' annotation`,
    );
  }
  return value;
}

/**
 * Reads the `<prefix>/instance` annotation of a system, e.g. `mlflow.org/instance`; `undefined` when absent.
 *
 * @remarks
 * The value is not checked against the configured instances here (this package
 * cannot see config); the backend reports an unknown name when it selects the
 * instance.
 *
 * @public
 */
export function readInstanceAnnotation(
  entity: Entity,
  system: MlopsSystem,
): string | undefined {
  return readAnnotation(entity, instanceAnnotationKey(system));
}

function malformed(entity: Entity, key: string, reason: string): InputError {
  return new InputError(
    `Entity '${safeEntityRef(
      entity,
    )}' has a malformed '${key}' annotation: ${reason}`,
  );
}

// An error message must never fail to build, even for a half-formed entity.
function safeEntityRef(entity: Entity): string {
  try {
    return stringifyEntityRef(entity);
  } catch {
    return entity.metadata?.name ?? '<unnamed entity>';
  }
}
