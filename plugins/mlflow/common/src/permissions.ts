import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Set or move an alias of a registered model (e.g. promote the challenger to champion).
 * Authorized against the model's `ml-model` Resource as the MLflow provider ingested it (its owner
 * comes from the model's owner tag), whichever entity's annotation led to the model.
 *
 * @public
 */
export const mlflowModelAliasSetPermission = createPermission({
  name: 'mlflow.model.alias.set',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Delete an alias of a registered model; authorized like {@link mlflowModelAliasSetPermission}.
 *
 * @public
 */
export const mlflowModelAliasDeletePermission = createPermission({
  name: 'mlflow.model.alias.delete',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Transition a model version to another stage (MLflow 2.x only); authorized like
 * {@link mlflowModelAliasSetPermission}.
 *
 * @public
 */
export const mlflowModelStageTransitionPermission = createPermission({
  name: 'mlflow.model.stage.transition',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Create an MLflow experiment (the scaffolder action `mlflow:experiment:create`).
 *
 * @public
 */
export const mlflowExperimentCreatePermission = createPermission({
  name: 'mlflow.experiment.create',
  attributes: { action: 'create' },
});

/**
 * Register a new MLflow model (the scaffolder action `mlflow:model:register`).
 *
 * @public
 */
export const mlflowModelCreatePermission = createPermission({
  name: 'mlflow.model.create',
  attributes: { action: 'create' },
});

/**
 * Every permission the MLflow plugins declare.
 *
 * @public
 */
export const mlflowPermissions = [
  mlflowModelAliasSetPermission,
  mlflowModelAliasDeletePermission,
  mlflowModelStageTransitionPermission,
  mlflowExperimentCreatePermission,
  mlflowModelCreatePermission,
];
