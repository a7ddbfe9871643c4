import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Set an InferenceService's canary traffic percentage, or promote its canary to 100 %.
 * Authorized against the `model-server` Component the KServe provider ingested for the
 * InferenceService, whichever entity's annotation led to it.
 *
 * @public
 */
export const kserveCanaryUpdatePermission = createPermission({
  name: 'kserve.canary.update',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Roll an InferenceService's canary back (0 %, all traffic to the last rolled-out revision);
 * separate from {@link kserveCanaryUpdatePermission} so that a policy can let on-call roll
 * back without letting them promote. Authorized the same way.
 *
 * @public
 */
export const kserveCanaryRollbackPermission = createPermission({
  name: 'kserve.canary.rollback',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Change an existing InferenceService by server-side apply (`kserve:inferenceservice:apply`);
 * authorized like {@link kserveCanaryUpdatePermission}.
 *
 * @public
 */
export const kserveInferenceServiceApplyPermission = createPermission({
  name: 'kserve.inferenceService.apply',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Create a new InferenceService (`kserve:inferenceservice:apply` when none of its name
 * exists): nobody owns it yet, so this basic permission decides.
 *
 * @public
 */
export const kserveInferenceServiceCreatePermission = createPermission({
  name: 'kserve.inferenceService.create',
  attributes: { action: 'create' },
});

/**
 * Every permission the KServe plugins declare.
 *
 * @public
 */
export const kservePermissions = [
  kserveCanaryUpdatePermission,
  kserveCanaryRollbackPermission,
  kserveInferenceServiceApplyPermission,
  kserveInferenceServiceCreatePermission,
];
