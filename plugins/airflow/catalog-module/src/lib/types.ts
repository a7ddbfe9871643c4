/**
 * The `spec.airflow` object of an `airflow-dag` Resource ingested from an Airflow DAG.
 *
 * @public
 */
export type AirflowDagEntityData = {
  /** The configured Airflow instance the DAG runs on. */
  instance: string;
  /** The DAG id (also in the `airflow.apache.org/dag-id` annotation). */
  dagId: string;
  /** The DAG's `owners` as Airflow lists them; `spec.owner` is the first that names a catalog user or group. */
  owners: string[];
  /** Whether the scheduler skips the DAG. */
  isPaused: boolean;
  /** The schedule, e.g. `0 2 * * *` or `@daily` (Airflow 3's `timetable_summary`, Airflow 2's `schedule_interval`). */
  schedule?: string;
  /** The schedule in words, e.g. `At 02:00`. */
  scheduleDescription?: string;
  /** The DAG file, as Airflow reports it (`fileloc`). */
  fileloc?: string;
};

/**
 * The `spec` of an `airflow-dag` Resource ingested from an Airflow DAG.
 *
 * @public
 */
export type AirflowDagEntitySpec = {
  /** Always `airflow-dag`. */
  type: string;
  /** Full entity ref of the owning group or user. */
  owner: string;
  /** What Airflow knows about the DAG. */
  airflow: AirflowDagEntityData;
};
