import type {
  UpstreamCatalogConfigSchema,
  UpstreamInstanceConfigSchema,
} from '@mlops-portal/plugin-mlops-node';

export interface Config {
  /**
   * (Optional) Apache Airflow deployments (Airflow 2 and Airflow 3).
   */
  airflow?: {
    /**
     * (Optional) The Airflow instances to read from. No instances, no Airflow data.
     * Airflow 3 (API v2) authenticates with a JWT from `POST /auth/token`, fetched
     * with `auth: { type: basic, username, password }`; Airflow 2 (API v1) sends
     * those credentials as HTTP basic auth.
     */
    instances?: Array<
      UpstreamInstanceConfigSchema & {
        /**
         * (Optional) Which REST API the instance serves: 'v2' (Airflow 3), 'v1'
         * (Airflow 2) or 'auto', which asks the instance once (`GET
         * /api/v2/version`, else `GET /api/v1/version`). Defaults to 'auto'.
         * @example "v2"
         */
        apiVersion?: 'v1' | 'v2' | 'auto';
        /**
         * (Optional) Items per page of list requests: at most the instance's
         * `[api] maximum_page_limit`, from 1 to 10000. Defaults to 100,
         * Airflow's default maximum.
         * @example 100
         */
        pageSize?: number;
      }
    >;
    /**
     * (Optional) Ingestion of DAGs as `airflow-dag` Resources (by
     * `@mlops-portal/plugin-catalog-backend-module-airflow`), one provider per
     * instance. `filters` match DAG ids. A DAG is owned by the first of its
     * `owners` that names a catalog user or group: by entity ref, by
     * `spec.profile.email`, or by name (Airflow's default owner `airflow` only
     * names a user called so); otherwise by `airflow.catalog.defaultOwner`,
     * which the catalog module requires.
     */
    catalog?: UpstreamCatalogConfigSchema;
  };
}
