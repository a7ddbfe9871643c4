import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';

/**
 * How the backend authenticates to an upstream instance.
 *
 * @public
 */
export type UpstreamAuthConfig =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

/**
 * One configured upstream instance (`<system>.instances[]`), validated and with defaults filled in.
 *
 * @public
 */
export interface UpstreamInstanceConfig {
  /** Unique per system; what `<prefix>/instance` annotations refer to. */
  name: string;
  /** API base URL without a trailing slash; may carry a path prefix. */
  baseUrl: string;
  /** Native UI base URL without a trailing slash; defaults to `baseUrl`. */
  uiUrl: string;
  /** Credentials for the upstream API. */
  auth: UpstreamAuthConfig;
  /** Per-attempt request timeout in milliseconds. */
  timeoutMs: number;
  /** Retries after a failed idempotent request (so `retries + 1` attempts at most). */
  retries: number;
  /** How long successful GET responses are cached, in milliseconds; 0 turns caching off. */
  cacheTtlMs: number;
}

/**
 * Upstream object names to ingest (`<system>.catalog.filters`), compiled.
 *
 * @public
 */
export interface NameFilters {
  /** A name must fully match one of these, if any are given. */
  include: RegExp[];
  /** A name fully matching any of these is left out. */
  exclude: RegExp[];
}

/**
 * The `<system>.catalog` block, validated and with defaults filled in.
 *
 * @public
 */
export interface UpstreamCatalogConfig {
  /** When the entity provider runs. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Full entity ref of the owner used when upstream metadata names none. */
  defaultOwner?: string;
  /** Which upstream names to ingest. */
  filters: NameFilters;
}
