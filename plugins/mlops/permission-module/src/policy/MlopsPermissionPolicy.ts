import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
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
import { MlopsPolicyDecisions } from './MlopsPolicyDecisions';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Backstage's own permissions that any signed-in user may hold: they create what they will own. */
const USER_CREATABLE: ReadonlySet<string> = new Set([
  'catalog.entity.create',
  'catalog.entity.validate',
  'catalog.location.create',
  'catalog.location.analyze',
  'scaffolder.task.create',
  'scaffolder.action.execute',
]);

/**
 * A complete permission policy for the MLOps Portal demo and for portals without a policy of their
 * own: the MLOps decisions ({@link MlopsPolicyDecisions}) plus a written-down answer for
 * Backstage's own permissions, and no blanket allow.
 *
 * @remarks
 * Reads are open. Entity writes (`catalog.entity.refresh`, `catalog.entity.delete`) need
 * ownership of the entity. Signed-in users may register locations and entities, validate them and
 * run templates (`catalog.location.create`, `catalog.location.analyze`, `catalog.entity.create`,
 * `catalog.entity.validate`, `scaffolder.task.create`, `scaffolder.action.execute`): registering
 * an entity grants nothing upstream, since MLOps writes are authorized against the entities the
 * suite's providers ingest. A scaffolder task may be cancelled by whoever created it. Everything
 * else (deleting locations, managing ingestion or templates, dry runs, and any permission this
 * policy does not know) is for admin groups only. Without a user, only reads.
 *
 * @public
 */
export class MlopsPermissionPolicy implements PermissionPolicy {
  constructor(private readonly mlops: MlopsPolicyDecisions) {}

  /** Decides one permission request: the MLOps decision if there is one, else the policy's own. */
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const mlopsDecision = await this.mlops.decide(request, user);
    if (mlopsDecision) {
      return mlopsDecision;
    }
    const { permission } = request;
    if (permission.attributes.action === 'read') {
      return ALLOW;
    }
    if (!user) {
      return DENY;
    }
    const claims = await this.mlops.ownershipRefs(user);
    if (this.mlops.isAdmin(claims)) {
      return ALLOW;
    }
    if (USER_CREATABLE.has(permission.name)) {
      return ALLOW;
    }
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      (permission.name === 'catalog.entity.refresh' ||
        permission.name === 'catalog.entity.delete')
    ) {
      return this.mlops.ownerOnly(request, claims);
    }
    if (
      isResourcePermission(permission, 'scaffolder-task') &&
      permission.name === 'scaffolder.task.cancel'
    ) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({
          createdBy: [user.info.userEntityRef],
        }),
      );
    }
    return DENY;
  }
}
