/**
 * Typed Apache Airflow REST client (API v2 for Airflow 3 with its JWT, API v1 for Airflow 2)
 * and instance config for the Airflow plugin packages; `/testUtils` has the sandbox's Airflow
 * for tests.
 *
 * @packageDocumentation
 */

export {
  AIRFLOW_DAG_RUN_STATES,
  type AirflowApi,
  type AirflowApiVersion,
  type AirflowClients,
  type AirflowDag,
  type AirflowDagRun,
  type AirflowClearedTask,
  type AirflowDagRunState,
  type AirflowTaskInstance,
  type AirflowTaskLog,
  type ClearDagRunOptions,
  type GetDagRunOptions,
  type TriggerDagRunOptions,
  type AirflowInstanceConfig,
  type AirflowPage,
  type ListDagRunsOptions,
  type ListDagsOptions,
} from './AirflowApi';
export {
  AirflowClient,
  DEFAULT_MAX_LOG_CHARS,
  type AirflowClientOptions,
} from './AirflowClient';
export {
  readAirflowInstanceConfigs,
  DEFAULT_AIRFLOW_PAGE_SIZE,
} from './config/readAirflowInstanceConfigs';
export {
  createAirflowClients,
  type CreateAirflowClientsOptions,
} from './createAirflowClients';
export { airflowClientsServiceRef } from './airflowClientsServiceRef';
export { airflowDagEntityName, airflowDagLocator } from './entities';
