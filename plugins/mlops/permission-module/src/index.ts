/**
 * The MLOps Portal permission decisions, as helpers for an existing policy
 * ({@link MlopsPolicyDecisions}), and as a complete policy module for portals without a policy.
 *
 * @packageDocumentation
 */

export {
  permissionModuleMlopsPolicy as default,
  createPermissionModuleMlopsPolicy,
} from './module';
export { MlopsPermissionPolicy } from './policy/MlopsPermissionPolicy';
export {
  MlopsPolicyDecisions,
  type MlopsPolicyDecisionsOptions,
} from './policy/MlopsPolicyDecisions';
export { readPolicyConfig } from './policy/readPolicyConfig';
export type { MlopsPolicyConfig } from './policy/readPolicyConfig';
