import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { mlopsPermissions } from '@mlops-portal/plugin-mlops-common';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Options for {@link MlopsPolicyDecisions}.
 *
 * @public
 */
export interface MlopsPolicyDecisionsOptions {
  /** Full, lower-case group refs whose members may do everything (`readPolicyConfig`). */
  adminGroups: readonly string[];
  /** The permission plugin's `coreServices.userInfo`. */
  userInfo: UserInfoService;
  /**
   * The permissions of the MLOps systems installed, e.g. `mlflowPermissions` from
   * `@mlops-portal/plugin-mlflow-common`; the kit's own permissions are always included.
   */
  permissions?: readonly Permission[];
}

/**
 * The MLOps Portal's decisions, for an existing permission policy to call: it answers MLOps
 * permissions only and `undefined` for every other one, which the caller's policy decides.
 *
 * @remarks
 * - reads (`action: read`) are open, except `mlops.unmanaged-object.read`;
 * - a write on an upstream object (a `catalog-entity` permission such as
 *   `mlflow.model.alias.set`) is conditional on owning the entity it is authorized against —
 *   the backend authorizes it against the entity the suite's provider ingested for the object;
 * - `mlops.unmanaged-object.write` and `.read` (objects without an ingested entity): admins only;
 * - creating a new upstream object (a basic `create` permission, e.g. `mlflow.model.create`):
 *   any signed-in user, since nobody owns it yet;
 * - members of an admin group may do everything; without a user, only reads.
 *
 * @public
 */
export class MlopsPolicyDecisions {
  private readonly adminGroups: ReadonlySet<string>;
  private readonly userInfo: UserInfoService;
  private readonly names: ReadonlySet<string>;

  constructor(options: MlopsPolicyDecisionsOptions) {
    this.adminGroups = new Set(options.adminGroups);
    this.userInfo = options.userInfo;
    this.names = new Set(
      [...mlopsPermissions, ...(options.permissions ?? [])].map(p => p.name),
    );
  }

  /** Whether a permission is one these decisions answer. */
  handles(permission: Permission): boolean {
    return this.names.has(permission.name);
  }

  /** The decision for an MLOps permission; `undefined` for any other permission. */
  async decide(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision | undefined> {
    const { permission } = request;
    if (!this.handles(permission)) {
      return undefined;
    }
    const unmanaged = permission.name.startsWith('mlops.unmanaged-object.');
    if (permission.attributes.action === 'read' && !unmanaged) {
      return ALLOW;
    }
    if (!user) {
      return DENY;
    }
    const claims = await this.ownershipRefs(user);
    if (this.isAdmin(claims)) {
      return ALLOW;
    }
    if (unmanaged) {
      return DENY;
    }
    if (isResourcePermission(permission, 'catalog-entity')) {
      return this.ownerOnly(request, claims);
    }
    return permission.attributes.action === 'create' ? ALLOW : DENY;
  }

  /** The user's ownership refs (the user and their groups). */
  async ownershipRefs(user: PolicyQueryUser): Promise<string[]> {
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    return ownershipEntityRefs;
  }

  /** Whether ownership refs include an admin group. */
  isAdmin(ownershipEntityRefs: readonly string[]): boolean {
    return ownershipEntityRefs.some(ref =>
      this.adminGroups.has(ref.toLocaleLowerCase('en-US')),
    );
  }

  /** Conditional on owning the catalog entity the permission is authorized against. */
  ownerOnly(request: PolicyQuery, claims: string[]): PolicyDecision {
    return createCatalogConditionalDecision(
      request.permission as Parameters<
        typeof createCatalogConditionalDecision
      >[0],
      catalogConditions.isEntityOwner({ claims }),
    );
  }
}
