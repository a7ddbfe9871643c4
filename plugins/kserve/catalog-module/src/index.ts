/**
 * Catalog backend module that ingests every KServe InferenceService as a `model-server`
 * Component and the OpenAPI `API` it provides, owned by its annotation, its label or the
 * default owner, depending on the MLflow model it serves; kept current by a watch between
 * scheduled relists.
 *
 * @packageDocumentation
 */

export { catalogModuleKserveEntityProvider as default } from './module';
export {
  KserveEntityProvider,
  type KserveEntityProviderOptions,
} from './providers/KserveEntityProvider';
export type { KserveWatchBackoff } from './lib/ScopeWatch';
export type {
  KserveModelServerEntityData,
  KserveModelServerEntitySpec,
} from './lib/types';
