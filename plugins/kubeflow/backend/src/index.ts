/**
 * The Kubeflow Pipelines backend plugin of the MLOps Portal: an entity's pipeline, runs with
 * their task graphs, recurring runs and experiments for the entity page, and starting runs and
 * toggling recurring runs under Backstage permissions.
 *
 * @packageDocumentation
 */

export { kubeflowPlugin as default } from './plugin';
