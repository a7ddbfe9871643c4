/**
 * Typed MLflow 2.x/3.x REST client and instance config for the MLflow plugin packages.
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
  createMlflowClients,
  type CreateMlflowClientsOptions,
} from './createMlflowClients';
export { mlflowClientsServiceRef } from './mlflowClientsServiceRef';
export { getMlflowErrorCode } from './errors';
