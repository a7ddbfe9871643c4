/**
 * Airflow on the entity page: the entity's DAGs with schedule, health, owners and tags, their
 * runs as a status strip and a table, the task instances of a run with their logs, and — under
 * permission — trigger (with conf), pause and clear.
 *
 * The new frontend system's plugin is the default export of `@mlops-portal/plugin-airflow/alpha`.
 *
 * @packageDocumentation
 */

export {
  airflowPlugin,
  EntityAirflowContent,
  EntityAirflowDagCard,
} from './plugin';
export { isAirflowAvailable } from './conditions';
export {
  airflowApiRef,
  type AirflowBackendApi,
  type AirflowTaskLogQuery,
} from './api/AirflowBackendApi';
export { AirflowClient } from './api/AirflowClient';
export {
  AirflowDagCard,
  type AirflowDagCardProps,
} from './components/AirflowDagCard/AirflowDagCard';
export {
  AirflowRunsTable,
  type AirflowRunsTableProps,
} from './components/AirflowRunsTable/AirflowRunsTable';
export {
  AirflowTaskGrid,
  type AirflowTaskGridProps,
} from './components/AirflowTaskGrid/AirflowTaskGrid';
export {
  AirflowTaskLogViewer,
  type AirflowTaskLogViewerProps,
} from './components/AirflowTaskLogViewer/AirflowTaskLogViewer';
