/**
 * Catalog backend module that ingests every Kubeflow Pipelines pipeline as a `kubeflow-pipeline`
 * Resource, with its newest version and version count, owned by its namespace's configured owner
 * or the default owner.
 *
 * @packageDocumentation
 */

export { catalogModuleKubeflowEntityProvider as default } from './module';
export {
  KubeflowEntityProvider,
  type KubeflowEntityProviderOptions,
} from './providers/KubeflowEntityProvider';
export type {
  KubeflowLatestVersionData,
  KubeflowPipelineEntityData,
  KubeflowPipelineEntitySpec,
} from './lib/types';
