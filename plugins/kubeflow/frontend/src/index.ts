/**
 * Kubeflow Pipelines on the entity page: the entity's pipeline with its versions and their
 * parameters, its runs (paged by token, filtered by state) with each run's task graph, its
 * recurring runs and experiments, and — under permission — start a run and switch recurring
 * runs on or off.
 *
 * The new frontend system's plugin is the default export of `@mlops-portal/plugin-kubeflow/alpha`.
 *
 * @packageDocumentation
 */

export {
  kubeflowPlugin,
  EntityKubeflowContent,
  EntityKubeflowRunsCard,
} from './plugin';
export { isKubeflowAvailable } from './conditions';
export {
  kubeflowApiRef,
  type KubeflowBackendApi,
} from './api/KubeflowBackendApi';
export { KubeflowClient } from './api/KubeflowClient';
export {
  KubeflowRunsTable,
  type KubeflowRunsTableProps,
} from './components/KubeflowRunsTable/KubeflowRunsTable';
export {
  KubeflowRunDetails,
  type KubeflowRunDetailsProps,
} from './components/KubeflowRunDetails/KubeflowRunDetails';
export {
  KubeflowRecurringRunsTable,
  type KubeflowRecurringRunsTableProps,
} from './components/KubeflowRecurringRunsTable/KubeflowRecurringRunsTable';
export {
  KubeflowRunsCard,
  type KubeflowRunsCardProps,
} from './components/KubeflowRunsCard/KubeflowRunsCard';
