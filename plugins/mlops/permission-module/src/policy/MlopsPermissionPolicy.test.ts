import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { MlopsPermissionPolicy } from './MlopsPermissionPolicy';

const promoteModel = createPermission({
  name: 'mlflow.model.alias.set',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

const ownership: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/fraud-detection'],
  'user:default/carol': ['user:default/carol', 'group:default/ml-platform'],
};

function policy() {
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
  return new MlopsPermissionPolicy(
    { adminGroups: ['group:default/ml-platform'] },
    userInfo,
  );
}

const user = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

describe('MlopsPermissionPolicy', () => {
  it('allows reads to anyone', async () => {
    await expect(
      policy().handle({ permission: catalogEntityReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('makes an entity write conditional on owning the entity', async () => {
    const decision = await policy().handle(
      { permission: promoteModel },
      user('user:default/alice'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/alice', 'group:default/fraud-detection'],
        },
      },
    });
  });

  it('allows every write to an admin group member', async () => {
    for (const permission of [
      promoteModel,
      catalogEntityDeletePermission,
      catalogLocationDeletePermission,
    ]) {
      await expect(
        policy().handle({ permission }, user('user:default/carol')),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('allows creating things that have no owner yet', async () => {
    await expect(
      policy().handle(
        { permission: catalogLocationCreatePermission },
        user('user:default/alice'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('keeps deleting shared things for admins', async () => {
    await expect(
      policy().handle(
        { permission: catalogLocationDeletePermission },
        user('user:default/alice'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies writes without a user', async () => {
    await expect(
      policy().handle({ permission: promoteModel }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});
