import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import { createInstanceClientsServiceRef } from '@mlops-portal/plugin-mlops-node';
import { AirflowApi, AirflowInstanceConfig } from './AirflowApi';
import { AirflowClient } from './AirflowClient';
import { readAirflowInstanceConfigs } from './config/readAirflowInstanceConfigs';

/**
 * The Airflow clients of a plugin, one per configured instance; inject it with
 * `deps: { airflow: airflowClientsServiceRef }` and replace it in tests with
 * `mockInstanceClientsFactory(airflowClientsServiceRef, …)` from
 * `@mlops-portal/plugin-mlops-node/testUtils`.
 *
 * @remarks
 * Plugin-scoped: each plugin gets its own clients on its own read cache.
 *
 * @public
 */
export const airflowClientsServiceRef = createInstanceClientsServiceRef<
  AirflowApi,
  AirflowInstanceConfig
>({
  id: 'airflow.clients',
  system: AIRFLOW_SYSTEM,
  readInstances: readAirflowInstanceConfigs,
  createClient: (instance, { logger, readCache }) =>
    new AirflowClient({ instance, logger, readCache }),
});
