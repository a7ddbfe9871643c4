import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Set or move an alias of the registered model an entity annotates (e.g. promote the
 * challenger to champion). Checked against the catalog entity; the MLOps policy lets its
 * owners do it.
 */
export const mlflowModelAliasSetPermission = createPermission({
  name: 'mlflow.model.alias.set',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Delete an alias of the registered model an entity annotates. */
export const mlflowModelAliasDeletePermission = createPermission({
  name: 'mlflow.model.alias.delete',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Transition a model version to another stage (MLflow 2.x only). */
export const mlflowModelStageTransitionPermission = createPermission({
  name: 'mlflow.model.stage.transition',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Every permission the MLflow plugin declares. */
export const mlflowPermissions = [
  mlflowModelAliasSetPermission,
  mlflowModelAliasDeletePermission,
  mlflowModelStageTransitionPermission,
];
