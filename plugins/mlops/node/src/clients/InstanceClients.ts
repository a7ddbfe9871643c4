import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';
import { ReadCache } from '../cache/ReadCache';
import { readCacheServiceRef } from '../cache/readCacheServiceRef';
import { selectInstance } from '../config/selectInstance';
import { UpstreamInstanceConfig } from '../config/types';

/**
 * One long-lived client per configured instance of a system.
 *
 * @public
 */
export interface InstanceClients<
  TClient,
  TInstance extends UpstreamInstanceConfig = UpstreamInstanceConfig,
> {
  /** The system the instances belong to. */
  readonly system: MlopsSystem;
  /** The configured instances, the default first. */
  readonly instances: readonly TInstance[];
  /**
   * The client of the named instance, or of the default instance when `name` is undefined.
   *
   * @throws NotFoundError when no instance is configured; InputError naming the configured
   * instances when there is no such instance
   */
  forInstance(name?: string): TClient;
}

/**
 * Creates one client per instance up front (so coalescing and caching work across requests).
 *
 * @public
 */
export function createInstanceClients<
  TClient,
  TInstance extends UpstreamInstanceConfig,
>(options: {
  system: MlopsSystem;
  instances: readonly TInstance[];
  createClient: (instance: TInstance) => TClient;
}): InstanceClients<TClient, TInstance> {
  const { system, instances } = options;
  const clients = new Map(
    instances.map(instance => [instance.name, options.createClient(instance)]),
  );
  return {
    system,
    instances,
    forInstance(name?: string): TClient {
      return clients.get(selectInstance(instances, system, name).name)!;
    },
  };
}

/**
 * What a system's client factory gets from the plugin it is created for.
 *
 * @public
 */
export interface InstanceClientDeps {
  /** The plugin's logger. */
  logger: LoggerService;
  /** The plugin's read cache (one per plugin). */
  readCache: ReadCache;
}

/**
 * Creates the plugin-scoped service ref of a system's clients: inject it with
 * `deps: { clients: mlflowClientsServiceRef }`, replace it in tests with a service factory.
 *
 * @remarks
 * Config errors are thrown when a plugin first asks for the clients, i.e. at startup. No
 * instance configured is not an error: the system is optional, and `forInstance` says so.
 *
 * @public
 */
export function createInstanceClientsServiceRef<
  TClient,
  TInstance extends UpstreamInstanceConfig,
>(options: {
  /** The service id, e.g. `mlflow.clients`. */
  id: string;
  system: MlopsSystem;
  /**
   * Reads and validates `<system>.instances`; it may log (e.g. a warning about configured
   * instances it leaves out) through the plugin's logger.
   */
  readInstances: (
    config: Config,
    deps: { logger: LoggerService },
  ) => TInstance[];
  createClient: (instance: TInstance, deps: InstanceClientDeps) => TClient;
}): ServiceRef<InstanceClients<TClient, TInstance>, 'plugin', 'singleton'> {
  return createServiceRef<InstanceClients<TClient, TInstance>>({
    id: options.id,
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          readCache: readCacheServiceRef,
        },
        factory: ({ config, logger, readCache }) =>
          createInstanceClients({
            system: options.system,
            instances: options.readInstances(config, { logger }),
            createClient: instance =>
              options.createClient(instance, { logger, readCache }),
          }),
      }),
  });
}

/**
 * The configured instances as the browser may see them, in config order: each one's name and UI
 * URL and whether it is the default (the first) — never an API URL or credentials.
 *
 * @public
 */
export function instanceSummaries(
  instances: readonly Pick<UpstreamInstanceConfig, 'name' | 'uiUrl'>[],
): Array<{ name: string; uiUrl: string; default: boolean }> {
  return instances.map((instance, index) => ({
    name: instance.name,
    uiUrl: instance.uiUrl,
    default: index === 0,
  }));
}
