import { InputError, NotFoundError } from '@backstage/errors';
import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';
import { UpstreamInstanceConfig } from './types';

/**
 * Picks the instance named by a `<prefix>/instance` annotation, or the first (default) one when none is named.
 *
 * @throws NotFoundError when no instance is configured; InputError naming the configured ones
 * when `name` is not one of them
 * @public
 */
export function selectInstance<T extends UpstreamInstanceConfig>(
  instances: readonly T[],
  system: MlopsSystem,
  name?: string,
): T {
  const noun = system.instanceNoun ?? 'instance';
  if (instances.length === 0) {
    throw new NotFoundError(
      `No ${system.title} ${noun}s are configured (${
        system.instancesConfigKey ?? `${system.id}.instances`
      })`,
    );
  }
  if (name === undefined) {
    return instances[0];
  }
  const instance = instances.find(candidate => candidate.name === name);
  if (!instance) {
    const known = instances.map(candidate => `'${candidate.name}'`).join(', ');
    throw new InputError(
      `Unknown ${system.id} ${noun} '${name}'; configured ${noun}s are ${known}`,
    );
  }
  return instance;
}
