/**
 * The MLflow backend plugin of the MLOps Portal: an entity's MLflow runs and registered model for
 * the entity page, and promotion (aliases, 2.x stages) under Backstage permissions.
 *
 * @packageDocumentation
 */

export { mlflowPlugin as default } from './plugin';
