import type {
  UpstreamAuthConfigSchema,
  UpstreamCatalogConfigSchema,
  UpstreamInstanceConfigSchema,
} from '@mlops-portal/plugin-mlops-node';

export interface Config {
  /**
   * (Optional) Kubeflow Pipelines deployments (API v2beta1, KFP 2.x), single-user or
   * multi-user.
   */
  kubeflow?: {
    /**
     * (Optional) The Kubeflow Pipelines instances to read from. No instances, no Kubeflow
     * data. `baseUrl` is where KFP serves `/apis/v2beta1` (the `ml-pipeline` service, or
     * the Kubeflow gateway), `uiUrl` the KFP UI for links.
     */
    instances?: Array<
      Omit<UpstreamInstanceConfigSchema, 'auth'> & {
        /**
         * (Optional) How the backend authenticates: `none`, `basic`, `bearer` (a static
         * token, e.g. an OIDC access token) or `serviceAccountToken` (a Kubernetes service
         * account token file, read again whenever it changes). Defaults to `{ type: none }`.
         * @deepVisibility secret
         */
        auth?:
          | UpstreamAuthConfigSchema
          | {
              /**
               * (Required) A Kubernetes service account token read from a file, sent as
               * a bearer token: read at first use and again whenever the file changes
               * (the kubelet rotates projected tokens).
               */
              type: 'serviceAccountToken';
              /**
               * (Required) The token file, e.g. a projected volume with audience
               * `pipelines.kubeflow.org`.
               * @example "/var/run/secrets/kubeflow/pipelines/token"
               */
              tokenPath: string;
            };
        /**
         * (Optional) Items per page of list requests, from 1 to 200 (KFP hands out at
         * most 200 and cuts larger pages down silently). Defaults to 100.
         * @example 100
         */
        pageSize?: number;
        /**
         * (Optional) Multi-user Kubeflow (profiles): who the portal acts as and in which
         * profile namespace. The user-id header goes with every request, and the
         * namespace with every call that takes one (pipelines, experiments, runs,
         * recurring runs, uploads). The user needs a contributor binding in the
         * profile. Send the header only where KFP trusts it (the auth proxy in front of
         * KFP sets it from the caller's identity otherwise).
         */
        multiUser?: {
          /**
           * (Optional) The header KFP reads the user's identity from
           * (`KUBEFLOW_USERID_HEADER`). Defaults to `kubeflow-userid`.
           * @example "kubeflow-userid"
           */
          userIdHeader?: string;
          /**
           * (Required) The identity the portal acts as, as the header carries it
           * (with `KUBEFLOW_USERID_PREFIX` if the deployment sets one).
           * @example "backstage@example.com"
           */
          userId: string;
          /**
           * (Required) The profile namespace the portal reads and creates in.
           * @example "ml-platform"
           */
          namespace: string;
        };
        /**
         * (Optional) The experiment runs started from the portal go into when neither
         * the caller nor the entity names one: an experiment's name (in the multi-user
         * namespace) or its id. Defaults to KFP's own default experiment.
         * @example "portal-runs"
         */
        defaultExperiment?: string;
      }
    >;
    /**
     * (Optional) Ingestion of pipelines as `kubeflow-pipeline` Resources (by
     * `@mlops-portal/plugin-catalog-backend-module-kubeflow`), one provider per
     * instance. `filters` match pipeline names; a pipeline whose upstream metadata
     * names no owner is owned by `kubeflow.catalog.defaultOwner`.
     */
    catalog?: UpstreamCatalogConfigSchema;
  };
}
