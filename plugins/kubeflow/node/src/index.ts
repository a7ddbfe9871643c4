/**
 * Typed Kubeflow Pipelines v2beta1 REST client and instance config for the Kubeflow plugin
 * packages; `/testUtils` has an in-memory Kubeflow and the sandbox's for tests.
 *
 * @packageDocumentation
 */

export type * from './KubeflowApi';
export { kubeflowPipelineEntityName, kubeflowPipelineLocator } from './entities';
