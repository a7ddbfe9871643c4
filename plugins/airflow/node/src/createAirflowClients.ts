import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  createInstanceClients,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import { AirflowClients } from './AirflowApi';
import { AirflowClient } from './AirflowClient';
import { readAirflowInstanceConfigs } from './config/readAirflowInstanceConfigs';

/**
 * Options for {@link createAirflowClients}.
 *
 * @public
 */
export interface CreateAirflowClientsOptions {
  /** The root config (`airflow.instances`). */
  config: Config;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /** The plugin's read cache; without it reads are only coalesced. */
  readCache?: ReadCache;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Reads `airflow.instances` and creates one long-lived {@link AirflowClient} per instance.
 *
 * @remarks
 * Config errors are thrown here, at startup. No instances configured is not an error (Airflow
 * is optional); `forInstance` then throws NotFoundError.
 *
 * @public
 */
export function createAirflowClients(
  options: CreateAirflowClientsOptions,
): AirflowClients {
  return createInstanceClients({
    system: AIRFLOW_SYSTEM,
    instances: readAirflowInstanceConfigs(options.config),
    createClient: instance =>
      new AirflowClient({
        instance,
        logger: options.logger,
        readCache: options.readCache,
        fetch: options.fetch,
      }),
  });
}
