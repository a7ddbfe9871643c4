import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Trigger a run of a DAG. Authorized against the DAG's `airflow-dag` Resource as the Airflow
 * provider ingested it (its owner comes from the DAG's owners), whichever entity's annotation
 * led to the DAG.
 *
 * @public
 */
export const airflowDagTriggerPermission = createPermission({
  name: 'airflow.dag.trigger',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Pause or unpause a DAG; authorized like {@link airflowDagTriggerPermission}.
 *
 * @public
 */
export const airflowDagPausePermission = createPermission({
  name: 'airflow.dag.pause',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Clear a DAG run or its failed task instances (so they run again); authorized like
 * {@link airflowDagTriggerPermission}.
 *
 * @public
 */
export const airflowDagClearPermission = createPermission({
  name: 'airflow.dag.clear',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Every permission the Airflow plugins declare.
 *
 * @public
 */
export const airflowPermissions = [
  airflowDagTriggerPermission,
  airflowDagPausePermission,
  airflowDagClearPermission,
];
