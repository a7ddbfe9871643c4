import type { AirflowClients } from '@mlops-portal/plugin-airflow-node';
import type { WritePipeline } from '@mlops-portal/plugin-mlops-node';

/**
 * What the Airflow scaffolder actions are built from.
 *
 * @public
 */
export interface AirflowScaffolderActionOptions {
  /** The Airflow clients (`airflowClientsServiceRef`). */
  clients: AirflowClients;
  /**
   * Authorizes (against the DAG's ingested `airflow-dag` entity), audits and makes every write
   * (`writePipelineServiceRef`); dry runs ask it whether the task's initiator may, without writing.
   */
  pipeline: WritePipeline;
  /** Waits between two reads of a run that is waited for; injectable so tests need not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The clock of a wait's timeout; injectable for tests. */
  now?: () => number;
}
