import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

// Types only, and no imports of the kit's code: systems' config.d.ts files import these, and
// Backstage compiles those files to a JSON schema with everything they reach.

/**
 * Credentials the backend uses for one upstream instance, as written in config. The browser never sees them.
 *
 * @public
 */
export type UpstreamAuthConfigSchema =
  | {
      /**
       * (Required) No credentials are sent.
       */
      type: 'none';
    }
  | {
      /**
       * (Required) HTTP basic authentication.
       */
      type: 'basic';
      /**
       * (Required) The user name.
       * @example "svc-backstage"
       */
      username: string;
      /**
       * (Required) The password; take it from the environment.
       * @visibility secret
       * @example "$\{UPSTREAM_PASSWORD\}"
       */
      password: string;
    }
  | {
      /**
       * (Required) A static bearer token in the Authorization header.
       */
      type: 'bearer';
      /**
       * (Required) The token; take it from the environment.
       * @visibility secret
       * @example "$\{UPSTREAM_TOKEN\}"
       */
      token: string;
    };

/**
 * The keys every upstream instance has, whatever the system, as written in config: a system's
 * `config.d.ts` declares `<system>.instances` with this type (plus its own keys).
 *
 * @public
 */
export interface UpstreamInstanceConfigSchema {
  /**
   * (Required) Unique within the system: lower-case letters, digits and '-',
   * starting and ending with a letter or digit, at most 32 characters.
   * Entities name it in their `<prefix>/instance` annotation (e.g.
   * `<prefix>/instance: prod`); the first instance listed is the default.
   * Changing it orphans the entities ingested from this instance.
   * @example "prod"
   */
  name: string;
  /**
   * (Required) Base URL of the upstream REST API, http or https. It may carry a
   * path prefix; request paths are appended to it. No credentials in the URL.
   * @example "https://upstream.example.com"
   */
  baseUrl: string;
  /**
   * (Optional) Base URL of the native web UI, for links from entity pages.
   * Defaults to `baseUrl`.
   * @example "https://upstream.example.com"
   */
  uiUrl?: string;
  /**
   * (Optional) How the backend authenticates. Defaults to `{ type: none }`.
   * @deepVisibility secret
   */
  auth?: UpstreamAuthConfigSchema;
  /**
   * (Optional) Timeout of each request attempt, as a duration object, an ISO
   * 8601 duration or a string like '10s'. Defaults to 10 seconds.
   * @example "10s"
   */
  timeout?: HumanDuration | string;
  /**
   * (Optional) How often a failed idempotent request (GET, PUT, DELETE) is
   * retried after a network error, a timeout or a 429, 502, 503 or 504, with
   * exponential backoff and jitter. From 0 to 10. Defaults to 2.
   * @example 3
   */
  retries?: number;
  /**
   * (Optional) How long successful GET responses are cached (in the
   * backend's cache service, shared by replicas). 0 turns the cache off.
   * Defaults to 5 seconds.
   * @example "10s"
   */
  cacheTtl?: HumanDuration | string;
}

/**
 * Ingestion of upstream objects into the software catalog (`<system>.catalog`), as written in config.
 *
 * @public
 */
export interface UpstreamCatalogConfigSchema {
  /**
   * (Optional) When the entity provider runs. Defaults to every 30 minutes
   * with a 10 minute timeout.
   */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
  /**
   * (Optional) Owner of ingested entities whose upstream metadata names none.
   * An entity ref; a bare name means a group.
   * @example "group:default/ml-platform"
   */
  defaultOwner?: string;
  /**
   * (Optional) Which upstream objects to ingest, by name.
   */
  filters?: {
    /**
     * (Optional) Regular expressions; a name must fully match one of them.
     * Defaults to including every name.
     * @example ["fraud-.*", "churn"]
     */
    include?: string[];
    /**
     * (Optional) Regular expressions; a name fully matching any of them is
     * left out, even when included.
     * @example [".*-tmp"]
     */
    exclude?: string[];
  };
}
