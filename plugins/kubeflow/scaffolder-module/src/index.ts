/**
 * Scaffolder actions for Kubeflow Pipelines: `kubeflow:pipeline:upload` and `kubeflow:run:create`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleKubeflow as default } from './module';
export * from './actions';
export type { KubeflowScaffolderActionOptions } from './lib/options';
