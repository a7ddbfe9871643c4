/**
 * Typed MLflow 2.x/3.x REST client and instance config for the MLflow plugin packages, the
 * MLflow rules for names and tags, and where the MLflow provider's entities are; `/testUtils`
 * has an in-memory MLflow and the sandbox's MLflow for tests.
 *
 * @packageDocumentation
 */

export * from './types';
export type {
  MlflowApi,
  MlflowClients,
  MlflowInstanceConfig,
} from './MlflowApi';
export { MlflowClient, type MlflowClientOptions } from './MlflowClient';
export {
  readMlflowInstanceConfigs,
  DEFAULT_MLFLOW_MAJOR_VERSION,
} from './config/readMlflowInstanceConfigs';
export {
  readMlflowCatalogConfig,
  readMlflowOwnerTag,
  DEFAULT_OWNER_TAG,
  type MlflowCatalogConfig,
} from './config/readMlflowCatalogConfig';
export {
  createMlflowClients,
  type CreateMlflowClientsOptions,
} from './createMlflowClients';
export { mlflowClientsServiceRef } from './mlflowClientsServiceRef';
export { getMlflowErrorCode } from './errors';
export {
  containsControlCharacters,
  MAX_EXPERIMENT_NAME_LENGTH,
  MAX_MODEL_NAME_LENGTH,
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  validateExperimentName,
  validateModelName,
  validateTagKey,
  validateTags,
} from './names';
export {
  isMlflowPrompt,
  MLFLOW_PROMPT_TAG,
  mlflowModelEntityName,
  mlflowModelLocator,
} from './entities';
