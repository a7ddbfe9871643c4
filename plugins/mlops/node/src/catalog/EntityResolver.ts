import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadCache } from '../cache/ReadCache';

/**
 * How long a caller's entity lookup is reused by reads. Short: it only has to absorb a page's
 * burst of requests (the runs table, the model card and the chart load together), and a caller
 * losing read access to the entity must lose the upstream data with it soon after.
 *
 * @public
 */
export const DEFAULT_ENTITY_CACHE_TTL_MS = 2_000;
const SCOPE = 'catalog-entities';

/**
 * Options of {@link EntityResolver}.
 *
 * @public
 */
export interface EntityResolverOptions {
  /** The catalog (`catalogServiceRef`). */
  catalog: CatalogService;
  /** The plugin's read cache. */
  readCache: ReadCache;
  /** How long reads reuse a lookup; defaults to {@link DEFAULT_ENTITY_CACHE_TTL_MS}. */
  ttlMs?: number;
}

/**
 * Finds the catalog entity a route or action names, as the caller sees it: the lookup carries the
 * caller's credentials, so an entity they may not read is as absent as one that does not exist.
 *
 * @public
 */
export class EntityResolver {
  private readonly catalog: CatalogService;
  private readonly readCache: ReadCache;
  private readonly ttlMs: number;

  constructor(options: EntityResolverOptions) {
    this.catalog = options.catalog;
    this.readCache = options.readCache;
    this.ttlMs = options.ttlMs ?? DEFAULT_ENTITY_CACHE_TTL_MS;
  }

  /**
   * The entity for a read; concurrent and recent lookups by the same caller are shared.
   *
   * @throws NotFoundError when the caller cannot see such an entity
   */
  async forRead(
    entityRef: CompoundEntityRef | string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const ref = toCompoundRef(entityRef);
    // No stale window: who may see what must not lag behind the catalog.
    return this.readCache.readJson(
      [principalKey(credentials), normalizedRef(ref)],
      () => this.lookup(ref, credentials),
      { scope: SCOPE, ttlMs: this.ttlMs },
    );
  }

  /**
   * The entity for a write, always read afresh: its owner and annotations decide what is written.
   *
   * @throws NotFoundError when the caller cannot see such an entity
   */
  async forWrite(
    entityRef: CompoundEntityRef | string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    return this.lookup(toCompoundRef(entityRef), credentials);
  }

  private async lookup(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `Entity '${stringifyEntityRef(ref)}' was not found in the catalog`,
      );
    }
    return entity;
  }
}

/** A full entity ref (`kind:namespace/name`; the namespace defaults to `default`), checked. */
function toCompoundRef(ref: CompoundEntityRef | string): CompoundEntityRef {
  if (typeof ref !== 'string') {
    return ref;
  }
  try {
    return parseEntityRef(ref, { defaultNamespace: 'default' });
  } catch (error) {
    throw new InputError(
      `'${ref}' is not an entity ref; expected 'kind:namespace/name', e.g. 'component:default/fraud-detection-model'`,
    );
  }
}

/**
 * Catalog refs are case-insensitive. Plain `toLowerCase`, not the catalog's locale-aware one,
 * which costs more than the rest of a cached lookup: the worst a locale difference can do here
 * is one more cache miss.
 */
function normalizedRef(ref: CompoundEntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`.toLowerCase();
}

/**
 * Who the catalog answers for: it filters by the caller's identity, so a cached lookup is only
 * reused for the same identity (and the same access restrictions of a service).
 *
 * @internal
 */
export function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string; actor?: { subject: string } }
    | { type: 'service'; subject: string; accessRestrictions?: unknown }
    | { type: 'none' };
  switch (principal.type) {
    case 'user':
      return JSON.stringify([
        'user',
        principal.userEntityRef,
        principal.actor?.subject ?? null,
      ]);
    case 'service':
      return JSON.stringify([
        'service',
        principal.subject,
        principal.accessRestrictions ?? null,
      ]);
    default:
      return JSON.stringify(['none']);
  }
}
