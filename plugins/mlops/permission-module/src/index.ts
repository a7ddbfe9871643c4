/**
 * The MLOps Portal permission policy: reads are open, writes need the entity's owner or an
 * admin group.
 *
 * @packageDocumentation
 */

export { permissionModuleMlopsPolicy as default } from './module';
export { MlopsPermissionPolicy } from './policy/MlopsPermissionPolicy';
export { readPolicyConfig } from './policy/readPolicyConfig';
export type { MlopsPolicyConfig } from './policy/readPolicyConfig';
