import { InputError } from '@backstage/errors';
import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';
import { UpstreamCatalogConfig } from './types';

/**
 * `<system>.catalog` as a system's entity provider runs on it: with a default owner, and
 * scheduled in global scope.
 *
 * @public
 */
export type ProviderCatalogConfig<
  T extends UpstreamCatalogConfig = UpstreamCatalogConfig,
> = T & {
  /** Full entity ref of the owner of objects whose upstream metadata names none. */
  defaultOwner: string;
};

/**
 * Options of {@link toProviderCatalogConfig}.
 *
 * @public
 */
export interface ProviderCatalogConfigOptions {
  /** The system whose `<system>.catalog` it is. */
  system: MlopsSystem;
  /** What the default owner owns, for the error, e.g. `the DAGs whose owners match no user or group`. */
  owns: string;
}

/**
 * Checks a read `<system>.catalog` for an entity provider: `defaultOwner` is required (throws
 * `InputError` naming the key), and the schedule's scope is always global.
 *
 * @remarks
 * A Resource must have an owner, and silently dropping the objects nobody owns upstream would
 * hide them, so a provider does not start without a default owner (the system's other packages
 * may leave it out). Global scope: each replica would otherwise read the whole upstream on the
 * same schedule.
 *
 * @public
 */
export function toProviderCatalogConfig<T extends UpstreamCatalogConfig>(
  catalog: T,
  options: ProviderCatalogConfigOptions,
): ProviderCatalogConfig<T> {
  const { system, owns } = options;
  const { defaultOwner } = catalog;
  if (!defaultOwner) {
    throw new InputError(
      `${system.id}.catalog.defaultOwner is required by the ${system.title} catalog module: ` +
        `it owns ${owns}, e.g. 'group:default/ml-platform'`,
    );
  }
  return {
    ...catalog,
    defaultOwner,
    schedule: { ...catalog.schedule, scope: 'global' },
  };
}
