import { MlopsSystem } from './systems';

/**
 * Returns the `<prefix>/instance` annotation key of a system, e.g. `mlflow.org/instance`.
 *
 * @public
 */
export function instanceAnnotationKey(system: MlopsSystem): string {
  return `${system.annotationPrefix}/instance`;
}
