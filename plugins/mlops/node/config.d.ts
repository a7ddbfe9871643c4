import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

/**
 * Credentials the backend uses for one upstream instance. The browser never sees them.
 */
type UpstreamAuthConfig =
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
       * @example "${MLFLOW_PASSWORD}"
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
       * @example "${MLFLOW_TOKEN}"
       */
      token: string;
    };

/**
 * The keys every upstream instance has, whatever the system.
 */
interface UpstreamInstanceConfig {
  /**
   * (Required) Unique within the system: lower-case letters, digits and '-',
   * starting and ending with a letter or digit, at most 32 characters.
   * Entities name it in their `<prefix>/instance` annotation (e.g.
   * `mlflow.org/instance: prod`); the first instance listed is the default.
   * Changing it orphans the entities ingested from this instance.
   * @example "prod"
   */
  name: string;
  /**
   * (Required) Base URL of the upstream REST API, http or https. It may carry a
   * path prefix; request paths are appended to it. No credentials in the URL.
   * @example "https://mlflow.example.com"
   */
  baseUrl: string;
  /**
   * (Optional) Base URL of the native web UI, for links from entity pages.
   * Defaults to `baseUrl`.
   * @example "https://mlflow.example.com"
   */
  uiUrl?: string;
  /**
   * (Optional) How the backend authenticates. Defaults to `{ type: none }`.
   * @deepVisibility secret
   */
  auth?: UpstreamAuthConfig;
  /**
   * (Optional) Timeout of each request attempt, as a duration object, an ISO
   * 8601 duration or a string like '10s'. Defaults to 10 seconds.
   * @example { seconds: 10 }
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
   * @example { seconds: 10 }
   */
  cacheTtl?: HumanDuration | string;
}

/**
 * Ingestion of upstream objects into the software catalog.
 */
interface UpstreamCatalogConfig {
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

export interface Config {
  /**
   * (Optional) MLflow tracking servers and model registries.
   */
  mlflow?: {
    /**
     * (Optional) The MLflow instances to read from. No instances, no MLflow data.
     */
    instances?: UpstreamInstanceConfig[];
    /**
     * (Optional) Ingestion of registered models as `ml-model` Resources.
     */
    catalog?: UpstreamCatalogConfig;
  };

  /**
   * (Optional) Apache Airflow deployments.
   */
  airflow?: {
    /**
     * (Optional) The Airflow instances to read from. No instances, no Airflow data.
     */
    instances?: Array<
      UpstreamInstanceConfig & {
        /**
         * (Optional) Which Airflow REST API to use: 'v1' is Airflow 2's API
         * (basic auth on every request); 'v2' is Airflow 3's API, which takes
         * a JWT obtained from POST /auth/token with the basic credentials.
         * Defaults to 'v1'.
         * @example "v2"
         */
        apiVersion?: 'v1' | 'v2';
      }
    >;
    /**
     * (Optional) Ingestion of DAGs as `airflow-dag` Resources.
     */
    catalog?: UpstreamCatalogConfig;
  };

  /**
   * (Optional) Kubeflow Pipelines API servers.
   */
  kubeflow?: {
    /**
     * (Optional) The Kubeflow Pipelines instances to read from. No instances, no Kubeflow data.
     */
    instances?: UpstreamInstanceConfig[];
    /**
     * (Optional) Ingestion of pipelines as `kubeflow-pipeline` Resources.
     */
    catalog?: UpstreamCatalogConfig;
  };
}
