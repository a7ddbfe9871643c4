import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { readMlflowInstanceConfigs } from './config/readMlflowInstanceConfigs';
import { MlflowApi, MlflowClients } from './MlflowApi';
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
  /** The plugin's `coreServices.cache`; without it nothing is cached. */
  cache?: CacheService;
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
  const instances = readMlflowInstanceConfigs(options.config);
  const clients = new Map<string, MlflowApi>(
    instances.map(instance => [
      instance.name,
      new MlflowClient({
        instance,
        logger: options.logger,
        cache: options.cache,
        fetch: options.fetch,
      }),
    ]),
  );
  return {
    instances,
    forInstance(name?: string): MlflowApi {
      if (instances.length === 0) {
        throw new NotFoundError(
          'No MLflow instance is configured (mlflow.instances is empty)',
        );
      }
      const client = clients.get(name ?? instances[0].name);
      if (!client) {
        throw new NotFoundError(
          `Unknown mlflow instance '${name}'; configured instances are ${instances
            .map(instance => `'${instance.name}'`)
            .join(', ')}`,
        );
      }
      return client;
    },
  };
}
