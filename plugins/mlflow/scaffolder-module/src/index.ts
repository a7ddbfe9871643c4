/**
 * Scaffolder actions for MLflow: `mlflow:experiment:create` and `mlflow:model:register`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMlflow as default } from './module';
export * from './actions';
