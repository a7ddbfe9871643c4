/**
 * Catalog backend module that ingests every MLflow registered model as an `ml-model` Resource.
 *
 * @packageDocumentation
 */

export { catalogModuleMlflowEntityProvider as default } from './module';
export {
  MlflowEntityProvider,
  type MlflowEntityProviderOptions,
} from './providers/MlflowEntityProvider';
export type {
  MlflowEntityModelVersion,
  MlflowModelEntityData,
  MlflowModelEntitySpec,
} from './lib/types';
