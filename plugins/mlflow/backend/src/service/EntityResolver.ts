import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadThroughCache } from './ReadThroughCache';

/**
 * How long a caller's entity lookup is reused by reads. Short: it only has to absorb a page's
 * burst of requests (the runs table, the model card and the chart load together), and a caller
 * losing read access to the entity must lose the MLflow data with it soon after.
 */
export const DEFAULT_ENTITY_CACHE_TTL_MS = 2_000;

/** Options of {@link EntityResolver}. */
export interface EntityResolverOptions {
  catalog: CatalogService;
  cache: ReadThroughCache;
  /** How long reads reuse a lookup; defaults to {@link DEFAULT_ENTITY_CACHE_TTL_MS}. */
  ttlMs?: number;
}

/**
 * Finds the catalog entity a route names, as the caller sees it: the lookup carries the caller's
 * credentials, so an entity they may not read is as absent as one that does not exist.
 */
export class EntityResolver {
  private readonly catalog: CatalogService;
  private readonly cache: ReadThroughCache;
  private readonly ttlMs: number;

  constructor(options: EntityResolverOptions) {
    this.catalog = options.catalog;
    this.cache = options.cache;
    this.ttlMs = options.ttlMs ?? DEFAULT_ENTITY_CACHE_TTL_MS;
  }

  /**
   * The entity for a read; concurrent and recent lookups by the same caller are shared.
   *
   * @throws NotFoundError when the caller cannot see such an entity
   */
  async forRead(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    return this.cache.get(
      [principalKey(credentials), normalizedRef(ref)],
      this.ttlMs,
      () => this.lookup(ref, credentials),
    );
  }

  /**
   * The entity for a write, always read afresh: its owner and annotations decide what is written.
   *
   * @throws NotFoundError when the caller cannot see such an entity
   */
  async forWrite(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    return this.lookup(ref, credentials);
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
