import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Permission } from '@backstage/plugin-permission-common';
import { MlopsPolicyDecisions } from '../policy/MlopsPolicyDecisions';

// Test support, not exported from the package.

/** Who belongs to which group in the tests. */
export const ownership: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/fraud-detection'],
  'user:default/carol': ['user:default/carol', 'group:default/ml-platform'],
};

/** MLOps decisions with ml-platform as the admin group. */
export function testDecisions(permissions: Permission[] = []) {
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const userEntityRef = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs: ownership[userEntityRef] ?? [userEntityRef],
      };
    },
  });
  return new MlopsPolicyDecisions({
    adminGroups: ['group:default/ml-platform'],
    userInfo,
    permissions,
  });
}

/** A policy query user. */
export const user = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});
