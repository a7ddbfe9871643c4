/**
 * The Airflow backend plugin of the MLOps Portal: an entity's Airflow DAGs, runs, task instances
 * and logs for the entity page, and trigger, pause and clear under Backstage permissions.
 *
 * @packageDocumentation
 */

export { airflowPlugin as default } from './plugin';
