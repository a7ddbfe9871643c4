import {
  createServiceFactory,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';
import type {
  InstanceClients,
  UpstreamInstanceConfig,
} from '@mlops-portal/plugin-mlops-node';
import { createInstanceClients } from '../clients/InstanceClients';

/**
 * `InstanceClients` over given clients (fakes, or real clients of a test server); the
 * first is the default instance. Instance selection behaves as in production.
 *
 * @public
 */
export function mockInstanceClients<
  TClient extends { instance: TInstance },
  TInstance extends UpstreamInstanceConfig,
>(
  system: MlopsSystem,
  clients: TClient[],
): InstanceClients<TClient, TInstance> {
  return createInstanceClients({
    system,
    instances: clients.map(client => client.instance),
    createClient: instance =>
      clients.find(client => client.instance.name === instance.name)!,
  });
}

/**
 * A service factory that replaces a system's clients service ref in `startTestBackend`.
 *
 * @public
 */
export function mockInstanceClientsFactory<
  TClient,
  TInstance extends UpstreamInstanceConfig,
>(
  service: ServiceRef<
    InstanceClients<TClient, TInstance>,
    'plugin',
    'singleton'
  >,
  clients: InstanceClients<TClient, TInstance>,
): ServiceFactory<InstanceClients<TClient, TInstance>, 'plugin'> {
  return createServiceFactory({
    service,
    deps: {},
    factory: () => clients,
  });
}
