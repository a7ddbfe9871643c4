import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  mlopsUnmanagedObjectReadPermission,
  mlopsUnmanagedObjectWritePermission,
} from '@mlops-portal/plugin-mlops-common';
import { ReadCache } from '../cache/ReadCache';
import { IngestedEntityLocator } from './locator';

/**
 * What the authority found for an upstream object: the entity its provider ingested, or why there
 * is none.
 *
 * @public
 */
export type AuthorityResolution =
  | { ingested: true; entityRef: string; entity: Entity }
  | { ingested: false; entityRef: string; reason: string };

/**
 * Options for {@link IngestedEntityAuthority}.
 *
 * @public
 */
export interface IngestedEntityAuthorityOptions {
  /** The catalog (`catalogServiceRef`). */
  catalog: CatalogService;
  /** The plugin's auth service: ingested entities are looked up with its own credentials. */
  auth: AuthService;
  /** The plugin's permissions service. */
  permissions: PermissionsService;
  /** The plugin's read cache, for the lookups of restricted reads. */
  readCache: ReadCache;
  /**
   * Reads through an annotation need read access to the object's ingested entity (admins only
   * where there is none); `mlops.authority.restrictReads`. Default false: reads are open.
   */
  restrictReads?: boolean;
}

// Reads re-check at most this often; writes always look afresh.
const READ_LOOKUP_TTL_MS = 2_000;

/**
 * Decides who may act on an upstream object: the owners of the entity that the suite's own
 * provider ingested for it, never whoever registered an entity that names it in an annotation.
 *
 * @remarks
 * Anyone may register an entity, with any owner and any annotation, so an annotation proves
 * nothing about who owns the upstream object. The provider's entity does: its owner comes from the
 * upstream (a tag, DAG owners, a label) or the instance's default. It is found by the
 * deterministic name the system computes and must carry the provider's
 * `backstage.io/managed-by-location`: the catalog overwrites that annotation on every entity read
 * from a location, with the location's own ref, and no processor reads the provider's location
 * type, so only the provider can hand out an entity that has it. An entity of that name that is
 * not the provider's (someone registered it first) gives no authority.
 *
 * Without an ingested entity only admins may write: the permission
 * `mlops.unmanaged-object.write`, which the MLOps policy grants to its admin groups.
 *
 * @public
 */
export class IngestedEntityAuthority {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly permissions: PermissionsService;
  private readonly readCache: ReadCache;
  /** Whether reads through an annotation are authorized like writes. */
  readonly restrictReads: boolean;

  constructor(options: IngestedEntityAuthorityOptions) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.permissions = options.permissions;
    this.readCache = options.readCache;
    this.restrictReads = options.restrictReads ?? false;
  }

  /** The entity the provider ingested for the object, read afresh with the plugin's own credentials. */
  async resolve(locator: IngestedEntityLocator): Promise<AuthorityResolution> {
    const ref = parseEntityRef(locator.entityRef);
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.catalog.getEntityByRef(ref, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      return {
        ingested: false,
        entityRef,
        reason: `the catalog has no entity '${entityRef}' from ${locator.provider} (the provider is not installed or has not run yet, or ${locator.description} is outside its filters)`,
      };
    }
    const mismatch = describeMismatch(entity, locator);
    return mismatch
      ? {
          ingested: false,
          entityRef,
          reason: `'${entityRef}' was not ingested by ${locator.provider} for ${locator.description} (${mismatch})`,
        }
      : { ingested: true, entityRef, entity };
  }

  /**
   * Authorizes a write on the object: `permission` on its ingested entity, or — without one —
   * `mlops.unmanaged-object.write`.
   *
   * @throws NotAllowedError saying which entity's owners may do it, or why only admins may
   */
  async authorizeWrite(
    permission: ResourcePermission<'catalog-entity'>,
    locator: IngestedEntityLocator,
    credentials: BackstageCredentials,
  ): Promise<AuthorityResolution> {
    const resolution = await this.resolve(locator);
    if (resolution.ingested) {
      if (await this.allowed(credentials, permission, resolution.entityRef)) {
        return resolution;
      }
      throw new NotAllowedError(
        `Not allowed to ${permission.name} on ${
          locator.description
        }: it is owned by '${
          resolution.entity.spec?.owner ?? 'nobody'
        }', the owner of '${resolution.entityRef}', which ${
          locator.provider
        } ingested for it`,
      );
    }
    if (await this.allowed(credentials, mlopsUnmanagedObjectWritePermission)) {
      return resolution;
    }
    throw new NotAllowedError(
      `Not allowed to ${permission.name} on ${locator.description}: only admins may change it, because ${resolution.reason}`,
    );
  }

  /**
   * Authorizes an action on no existing object, e.g. creating one, with a basic permission.
   *
   * @param what - what would be done, for the message
   * @throws NotAllowedError naming the permission
   */
  async authorizeBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    what: string,
  ): Promise<void> {
    if (!(await this.allowed(credentials, permission))) {
      throw new NotAllowedError(`Not allowed to ${what} (${permission.name})`);
    }
  }

  /**
   * Authorizes a read through an annotation. Open unless reads are restricted; then the caller must
   * be able to read the object's ingested entity, and where there is none (or the object is of a
   * kind no provider ingests: `locator` undefined) hold `mlops.unmanaged-object.read`.
   *
   * @param what - the object, for the message when there is no locator
   * @throws NotAllowedError saying why
   */
  async authorizeRead(
    locator: IngestedEntityLocator | undefined,
    credentials: BackstageCredentials,
    what: string = locator?.description ?? 'this object',
  ): Promise<void> {
    if (!this.restrictReads) {
      return;
    }
    if (locator) {
      const resolution = await this.lookUp(locator);
      if (resolution.ingested) {
        const visible = await this.catalog.getEntityByRef(
          resolution.entityRef,
          { credentials },
        );
        if (visible) {
          return;
        }
        throw new NotAllowedError(
          `Reads are restricted to the readers of the ingested entity, and you may not read '${resolution.entityRef}' (${what})`,
        );
      }
      if (await this.allowed(credentials, mlopsUnmanagedObjectReadPermission)) {
        return;
      }
      throw new NotAllowedError(
        `Reads are restricted, and only admins may read ${what}, because ${resolution.reason}`,
      );
    }
    if (await this.allowed(credentials, mlopsUnmanagedObjectReadPermission)) {
      return;
    }
    throw new NotAllowedError(
      `Reads are restricted, and only admins may read ${what}: no provider of the suite ingests such objects, so there is no owner to ask`,
    );
  }

  /**
   * {@link IngestedEntityAuthority.resolve} for reads and for showing who may write: reused for
   * two seconds, and without the entity itself.
   */
  async lookUp(
    locator: IngestedEntityLocator,
  ): Promise<
    | { ingested: true; entityRef: string }
    | { ingested: false; entityRef: string; reason: string }
  > {
    return this.readCache.readJson(
      ['authority', locator],
      async () => {
        const resolution = await this.resolve(locator);
        return resolution.ingested
          ? { ingested: true as const, entityRef: resolution.entityRef }
          : resolution;
      },
      { scope: 'catalog-authority', ttlMs: READ_LOOKUP_TTL_MS },
    );
  }

  /**
   * Who may write the object, as an entity page shows it: the ingested entity whose owners may,
   * or why there is none (then only admins may). Cached like {@link IngestedEntityAuthority.lookUp}.
   */
  async whoMayWrite(
    locator: IngestedEntityLocator,
  ): Promise<{ entityRef: string } | { reason: string }> {
    const found = await this.lookUp(locator);
    return found.ingested
      ? { entityRef: found.entityRef }
      : { reason: found.reason };
  }

  private async allowed(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission<'catalog-entity'>,
    resourceRef?: string,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize(
      [
        resourceRef === undefined
          ? { permission: permission as BasicPermission }
          : {
              permission: permission as ResourcePermission<'catalog-entity'>,
              resourceRef,
            },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}

/** Why an entity is not the provider's entity for the object; undefined when it is. */
function describeMismatch(
  entity: Entity,
  locator: IngestedEntityLocator,
): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  for (const key of [ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION]) {
    if (annotations[key] !== locator.managedByLocation) {
      return `its '${key}' is ${JSON.stringify(
        annotations[key] ?? null,
      )}, not '${locator.managedByLocation}'`;
    }
  }
  for (const [key, value] of Object.entries(locator.annotations)) {
    if (annotations[key] !== value) {
      return `its '${key}' is ${JSON.stringify(
        annotations[key] ?? null,
      )}, not ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}
