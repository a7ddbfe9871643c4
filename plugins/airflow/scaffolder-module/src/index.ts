/**
 * Scaffolder actions for Apache Airflow: `airflow:dag:trigger` and `airflow:dag:unpause`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleAirflow as default } from './module';
export * from './actions';
