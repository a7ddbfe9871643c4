import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import {
  createInstanceClients,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import { KubeflowClients } from './KubeflowApi';
import { KubeflowClient } from './KubeflowClient';
import { readKubeflowInstanceConfigs } from './config/readKubeflowInstanceConfigs';

/**
 * Options for {@link createKubeflowClients}.
 *
 * @public
 */
export interface CreateKubeflowClientsOptions {
  /** The root config (`kubeflow.instances`). */
  config: Config;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /** The plugin's read cache; without it reads are only coalesced. */
  readCache?: ReadCache;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Reads `kubeflow.instances` and creates one long-lived {@link KubeflowClient} per instance.
 *
 * @remarks
 * Config errors are thrown here, at startup. No instances configured is not an error (Kubeflow
 * is optional); `forInstance` then throws NotFoundError.
 *
 * @public
 */
export function createKubeflowClients(
  options: CreateKubeflowClientsOptions,
): KubeflowClients {
  return createInstanceClients({
    system: KUBEFLOW_SYSTEM,
    instances: readKubeflowInstanceConfigs(options.config),
    createClient: instance =>
      new KubeflowClient({
        instance,
        logger: options.logger,
        readCache: options.readCache,
        fetch: options.fetch,
      }),
  });
}
