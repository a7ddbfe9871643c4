/**
 * Catalog backend module that ingests every Airflow DAG as an `airflow-dag` Resource, owned by
 * the catalog user or group its owners name.
 *
 * @packageDocumentation
 */

export { catalogModuleAirflowEntityProvider as default } from './module';
export {
  AirflowEntityProvider,
  type AirflowEntityProviderOptions,
} from './providers/AirflowEntityProvider';
export type { AirflowDagEntityData, AirflowDagEntitySpec } from './lib/types';
