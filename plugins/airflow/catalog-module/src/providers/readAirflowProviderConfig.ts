import { Config } from '@backstage/config';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  ProviderCatalogConfig,
  readCatalogConfig,
  toProviderCatalogConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The Airflow entity provider's settings: `airflow.catalog`, with a default owner.
 *
 * @internal
 */
export type AirflowProviderConfig = ProviderCatalogConfig;

/**
 * Reads `airflow.catalog` for the entity provider (schedule, `defaultOwner`, filters over DAG
 * ids); throws `InputError` naming the key path.
 *
 * @remarks
 * `defaultOwner` is required: a Resource must have an owner, and DAGs whose owners name nobody
 * in the catalog (Airflow's `airflow` included) would otherwise have none.
 *
 * @internal
 */
export function readAirflowProviderConfig(
  config: Config,
): AirflowProviderConfig {
  return toProviderCatalogConfig(readCatalogConfig(config, AIRFLOW_SYSTEM), {
    system: AIRFLOW_SYSTEM,
    owns: 'the DAGs whose owners name no catalog user or group',
  });
}
