import {
  BackendFeature,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Permission } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MlopsPermissionPolicy } from './policy/MlopsPermissionPolicy';
import { MlopsPolicyDecisions } from './policy/MlopsPolicyDecisions';
import { readPolicyConfig } from './policy/readPolicyConfig';

/**
 * The MLOps Portal permission policy as a permission-backend module, knowing the given MLOps
 * systems' permissions (e.g. `mlflowPermissions`), so their create permissions are open to
 * signed-in users.
 *
 * @public
 */
export function createPermissionModuleMlopsPolicy(
  options: { permissions?: readonly Permission[] } = {},
): BackendFeature {
  return createBackendModule({
    pluginId: 'permission',
    moduleId: 'mlops-policy',
    register(reg) {
      reg.registerInit({
        deps: {
          config: coreServices.rootConfig,
          userInfo: coreServices.userInfo,
          policy: policyExtensionPoint,
        },
        async init({ config, userInfo, policy }) {
          policy.setPolicy(
            new MlopsPermissionPolicy(
              new MlopsPolicyDecisions({
                ...readPolicyConfig(config),
                userInfo,
                permissions: options.permissions,
              }),
            ),
          );
        },
      });
    },
  });
}

/**
 * The MLOps Portal permission policy knowing only the kit's own MLOps permissions; systems'
 * create permissions are then admin-only (use {@link createPermissionModuleMlopsPolicy}).
 *
 * @public
 */
export const permissionModuleMlopsPolicy = createPermissionModuleMlopsPolicy();
