import { InputError } from '@backstage/errors';

/**
 * An upstream system integrated into the portal, as its own `-common` package declares it.
 *
 * @remarks
 * The kit names no system: each system (MLflow, Airflow, …) defines itself once with
 * {@link defineMlopsSystem} and passes the definition to the kit's helpers.
 *
 * @public
 */
export interface MlopsSystem {
  /** The top-level config key and plugin id, e.g. `mlflow`. */
  readonly id: string;
  /** The display name, e.g. `MLflow`. */
  readonly title: string;
  /** The annotation key prefix the system owns, e.g. `mlflow.org` for `mlflow.org/instance`. */
  readonly annotationPrefix: string;
  /** What one instance is called in messages, e.g. `cluster` for KServe; default `instance`. */
  readonly instanceNoun?: string;
  /** Where its instances are configured, for messages; default `<id>.instances`. */
  readonly instancesConfigKey?: string;
}

const SYSTEM_ID = /^[a-z][a-z0-9]{0,31}$/;
// A DNS subdomain, as Backstage requires of annotation key prefixes.
const ANNOTATION_PREFIX =
  /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Declares a system; throws `InputError` for an id or annotation prefix Backstage would reject.
 *
 * @public
 */
export function defineMlopsSystem(system: MlopsSystem): MlopsSystem {
  if (!SYSTEM_ID.test(system.id)) {
    throw new InputError(
      `Invalid MLOps system id ${JSON.stringify(
        system.id,
      )}; expected lower-case letters and digits, starting with a letter, at most 32 characters`,
    );
  }
  if (!ANNOTATION_PREFIX.test(system.annotationPrefix)) {
    throw new InputError(
      `Invalid annotation prefix ${JSON.stringify(
        system.annotationPrefix,
      )} for MLOps system '${
        system.id
      }'; expected a DNS subdomain such as 'mlflow.org'`,
    );
  }
  return Object.freeze({ ...system });
}
