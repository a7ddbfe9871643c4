import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { MlopsPolicyConfig } from './readPolicyConfig';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The MLOps Portal policy: every read is open; a write on a catalog entity (including the
 * suite's own actions such as promoting a model) needs ownership of that entity or membership
 * of an admin group; writes that touch no entity are allowed when they create something and
 * reserved to admins when they change or delete something.
 */
export class MlopsPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: ReadonlySet<string>;

  constructor(
    config: MlopsPolicyConfig,
    private readonly userInfo: UserInfoService,
  ) {
    this.adminGroups = new Set(config.adminGroups);
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const action = permission.attributes.action;
    if (action === 'read') {
      return ALLOW;
    }
    if (!user) {
      return DENY;
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    if (this.isAdmin(ownershipEntityRefs)) {
      return ALLOW;
    }
    if (isResourcePermission(permission, 'catalog-entity')) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    // Without an entity there is no owner to ask: creating is how new things enter the
    // catalog (templates, locations), changing or deleting shared things is for admins.
    return action === 'update' || action === 'delete' ? DENY : ALLOW;
  }

  private isAdmin(ownershipEntityRefs: string[]): boolean {
    return ownershipEntityRefs.some(ref =>
      this.adminGroups.has(ref.toLocaleLowerCase('en-US')),
    );
  }
}
