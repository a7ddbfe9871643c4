import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Start a run of a pipeline version. Authorized against the pipeline's `kubeflow-pipeline`
 * Resource as the Kubeflow provider ingested it, whichever entity's annotation led to it.
 *
 * @public
 */
export const kubeflowRunCreatePermission = createPermission({
  name: 'kubeflow.run.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Enable or disable a recurring run of a pipeline; authorized like
 * {@link kubeflowRunCreatePermission}.
 *
 * @public
 */
export const kubeflowRecurringRunTogglePermission = createPermission({
  name: 'kubeflow.recurringRun.toggle',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Upload a new version of an existing pipeline; authorized like
 * {@link kubeflowRunCreatePermission}. A new pipeline has no entity yet: see
 * {@link kubeflowPipelineCreatePermission}.
 *
 * @public
 */
export const kubeflowPipelineUploadPermission = createPermission({
  name: 'kubeflow.pipeline.upload',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Upload a new pipeline (`kubeflow:pipeline:upload` when none of its name exists): nobody owns it
 * yet, so this basic permission decides.
 *
 * @public
 */
export const kubeflowPipelineCreatePermission = createPermission({
  name: 'kubeflow.pipeline.create',
  attributes: { action: 'create' },
});

/**
 * Every permission the Kubeflow plugins declare.
 *
 * @public
 */
export const kubeflowPermissions = [
  kubeflowRunCreatePermission,
  kubeflowRecurringRunTogglePermission,
  kubeflowPipelineUploadPermission,
  kubeflowPipelineCreatePermission,
];
