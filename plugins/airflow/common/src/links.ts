/**
 * Which UI an Airflow instance serves: Airflow 2's (REST API v1) or Airflow 3's (REST API v2).
 * Their URLs differ: Airflow 2 shows runs and tasks in its grid view by query parameters,
 * Airflow 3 gives each its own path.
 *
 * @public
 */
export type AirflowUiApiVersion = 'v1' | 'v2';

/**
 * Links into the Airflow UI, from the instance's `uiUrl` and the API version it serves.
 *
 * @public
 */
export const airflowUiLinks = {
  /** A DAG's page (its grid on Airflow 2). */
  dag: (uiUrl: string, apiVersion: AirflowUiApiVersion, dagId: string) =>
    apiVersion === 'v1'
      ? `${dagBase(uiUrl, dagId)}/grid`
      : dagBase(uiUrl, dagId),
  /** One DAG run. */
  run: (
    uiUrl: string,
    apiVersion: AirflowUiApiVersion,
    dagId: string,
    runId: string,
  ) =>
    apiVersion === 'v1'
      ? `${dagBase(uiUrl, dagId)}/grid?${new URLSearchParams({
          dag_run_id: runId,
        })}`
      : `${dagBase(uiUrl, dagId)}/runs/${encodeURIComponent(runId)}`,
  /** One task instance of a run (a mapped one by its map index); the log of `tryNumber` where given. */
  taskInstance: (
    uiUrl: string,
    apiVersion: AirflowUiApiVersion,
    ids: {
      dagId: string;
      runId: string;
      taskId: string;
      mapIndex?: number;
      tryNumber?: number;
    },
  ) => {
    const mapped = ids.mapIndex !== undefined && ids.mapIndex >= 0;
    if (apiVersion === 'v1') {
      return `${dagBase(uiUrl, ids.dagId)}/grid?${new URLSearchParams({
        dag_run_id: ids.runId,
        task_id: ids.taskId,
        ...(mapped && { map_index: String(ids.mapIndex) }),
        ...(ids.tryNumber !== undefined && { tab: 'logs' }),
      })}`;
    }
    const path = `${dagBase(uiUrl, ids.dagId)}/runs/${encodeURIComponent(
      ids.runId,
    )}/tasks/${encodeURIComponent(ids.taskId)}${
      mapped ? `/mapped/${ids.mapIndex}` : ''
    }`;
    return ids.tryNumber === undefined
      ? path
      : `${path}?${new URLSearchParams({ try_number: String(ids.tryNumber) })}`;
  },
};

function dagBase(uiUrl: string, dagId: string): string {
  const root = uiUrl.endsWith('/') ? uiUrl.replace(/\/+$/, '') : uiUrl;
  return `${root}/dags/${encodeURIComponent(dagId)}`;
}
