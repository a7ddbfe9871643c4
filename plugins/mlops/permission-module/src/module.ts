import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MlopsPermissionPolicy } from './policy/MlopsPermissionPolicy';
import { readPolicyConfig } from './policy/readPolicyConfig';

/** Installs the MLOps Portal permission policy into the permission backend. */
export const permissionModuleMlopsPolicy = createBackendModule({
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
          new MlopsPermissionPolicy(readPolicyConfig(config), userInfo),
        );
      },
    });
  },
});
