import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';

/**
 * Where the entity that a provider of the suite ingests for one upstream object is, and how to
 * recognise it. A system computes it the same way in its provider and in its backend.
 *
 * @public
 */
export interface IngestedEntityLocator {
  /** The entity's full ref, derived deterministically from the object, e.g. `resource:default/fraud-detector`. */
  entityRef: string;
  /** What the provider writes into `backstage.io/managed-by-location` (see {@link providerLocationRef}). */
  managedByLocation: string;
  /** Annotations the ingested entity carries for exactly this object; every one must match. */
  annotations: Record<string, string>;
  /** The provider, for messages, e.g. `the MLflow provider`. */
  provider: string;
  /** The object, for messages, e.g. `MLflow registered model 'fraud-detector' on instance 'prod'`. */
  description: string;
}

/**
 * The location ref a system's provider puts into `backstage.io/managed-by-location` and
 * `-origin-location` of what it ingests from one instance: `mlops:<system>/<instance>`.
 *
 * @remarks
 * A location type that no catalog processor reads, so that no entity registered from a location
 * can carry it: the catalog replaces both annotations of such entities with the location they were
 * read from. That makes it proof of where an entity came from (see `IngestedEntityAuthority`).
 *
 * @public
 */
export function providerLocationRef(
  system: MlopsSystem,
  instance: string,
): string {
  return `mlops:${system.id}/${instance}`;
}
