/**
 * MLflow on the entity page: the runs of an experiment, a metric-history chart, the
 * registered model with its versions and aliases, and promotion under permission; and the
 * scaffolder field that picks a configured MLflow instance.
 *
 * The new frontend system's plugin is the default export of `@mlops-portal/plugin-mlflow/alpha`.
 *
 * @packageDocumentation
 */

export {
  mlflowPlugin,
  EntityMlflowContent,
  EntityMlflowModelCard,
  MlflowInstancePickerFieldExtension,
} from './plugin';
export { isMlflowAvailable, isMlflowModelAvailable } from './conditions';
export {
  mlflowApiRef,
  type MlflowBackendApi,
  type MlflowCompareQuery,
} from './api/MlflowBackendApi';
export { MlflowClient } from './api/MlflowClient';
export {
  MlflowRunsTable,
  type MlflowRunsTableProps,
} from './components/MlflowRunsTable/MlflowRunsTable';
export {
  MlflowMetricChart,
  type MlflowMetricChartProps,
} from './components/MlflowMetricChart/MlflowMetricChart';
export {
  MlflowModelCard,
  type MlflowModelCardProps,
} from './components/MlflowModelCard/MlflowModelCard';
