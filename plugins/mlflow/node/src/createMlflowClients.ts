import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import {
  createInstanceClients,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import { readMlflowInstanceConfigs } from './config/readMlflowInstanceConfigs';
import { MlflowClients } from './MlflowApi';
import { MlflowClient } from './MlflowClient';

/**
 * Options for {@link createMlflowClients}.
 *
 * @public
 */
export interface CreateMlflowClientsOptions {
  /** The root config (`mlflow.instances`). */
  config: Config;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /** The plugin's read cache; without it reads are only coalesced. */
  readCache?: ReadCache;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Reads `mlflow.instances` and creates one long-lived {@link MlflowClient} per instance.
 *
 * @remarks
 * Config errors are thrown here, at startup. No instances configured is not an error (MLflow
 * is optional); `forInstance` then throws NotFoundError.
 *
 * @public
 */
export function createMlflowClients(
  options: CreateMlflowClientsOptions,
): MlflowClients {
  return createInstanceClients({
    system: MLFLOW_SYSTEM,
    instances: readMlflowInstanceConfigs(options.config),
    createClient: instance =>
      new MlflowClient({
        instance,
        logger: options.logger,
        readCache: options.readCache,
        fetch: options.fetch,
      }),
  });
}
