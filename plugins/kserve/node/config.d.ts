import type { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * (Optional) Backstage's own Kubernetes config, of which the KServe plugins read the clusters
   * of `clusterLocatorMethods` entries of type `config` (declared in full by
   * `@backstage/plugin-kubernetes-backend`; the keys below are the ones KServe reads). Only
   * clusters with `authProvider: serviceAccount` are used: the other providers need the
   * signed-in user's or a cloud SDK's credentials, so those clusters are left alone with a
   * warning at startup.
   */
  kubernetes?: {
    /**
     * (Optional) How the Kubernetes plugin finds an entity's workloads; KServe does not read
     * it (declared so the demo's config validates without that plugin).
     */
    serviceLocatorMethod?: {
      /**
       * (Required) The method, e.g. `multiTenant`.
       */
      type: string;
    };
    /**
     * (Optional) Where clusters come from; KServe reads entries of type `config`.
     */
    clusterLocatorMethods?: Array<{
      /**
       * (Required) The locator type; `config` lists its clusters here, other types are not
       * read by KServe.
       */
      type: string;
      /**
       * (Optional) The clusters of a `config` locator.
       */
      clusters?: Array<{
        /**
         * (Required) The cluster's name: what `kserve.io/cluster` annotations and
         * `kserve.clusters[].name` refer to, and the entity-name prefix of its
         * InferenceServices on every cluster but the first (so KServe needs lower-case
         * letters, digits and '-', at most 32 characters).
         * @example "prod"
         */
        name: string;
        /**
         * (Required) The API server URL, http or https; it may carry a path prefix (a proxy).
         * @example "https://k8s.example.com:6443"
         */
        url: string;
        /**
         * (Optional) How Backstage authenticates to the cluster. KServe uses only
         * `serviceAccount`; newer Backstage may put it in
         * `authMetadata["kubernetes.io/auth-provider"]` instead.
         * @example "serviceAccount"
         */
        authProvider?: string;
        /**
         * (Optional) The service account token for `authProvider: serviceAccount`; take it
         * from the environment. Without it the backend uses its in-cluster token
         * (`/var/run/secrets/kubernetes.io/serviceaccount/token`, read on every request as
         * the kubelet rotates it) and, without `caData` or `caFile`, the in-cluster CA.
         * @visibility secret
         * @example "$\{K8S_SERVICE_ACCOUNT_TOKEN\}"
         */
        serviceAccountToken?: string;
        /**
         * (Optional) Auth provider metadata (newer Backstage): the auth provider under
         * `kubernetes.io/auth-provider` and a `serviceAccountToken`.
         * @visibility secret
         */
        authMetadata?: { [key: string]: string };
        /**
         * (Optional) Skip verifying the API server's TLS certificate. Defaults to false.
         */
        skipTLSVerify?: boolean;
        /**
         * (Optional) The API server's CA certificate, base64-encoded PEM.
         * @visibility secret
         */
        caData?: string;
        /**
         * (Optional) A file holding the API server's CA certificate (PEM).
         * @visibility secret
         */
        caFile?: string;
        /**
         * (Optional) A dashboard for links from entity pages. Defaults to the API server URL.
         * @example "https://console.example.com/k8s/cluster/prod"
         */
        dashboardUrl?: string;
      }>;
    }>;
  };

  /**
   * (Optional) KServe. Its clusters are those of `kubernetes.clusterLocatorMethods` (type
   * `config`, `authProvider: serviceAccount`); the keys here narrow and tune them. A key set
   * here applies to every cluster unless its `clusters[]` entry sets its own.
   */
  kserve?: {
    /**
     * (Optional) The clusters to read InferenceServices from, the first being the default
     * (whose entities get no name prefix), each with its own options. Defaults to every usable
     * cluster, in the order of the Kubernetes config. A name that is not a usable cluster fails
     * the startup with the known ones listed.
     */
    clusters?: Array<{
      /**
       * (Required) The name of a cluster of `kubernetes.clusterLocatorMethods`.
       * @example "prod"
       */
      name: string;
      /**
       * (Optional) The namespaces to read from; empty or absent means every namespace.
       * @example ["fraud-detection", "churn"]
       */
      namespaces?: string[];
      /**
       * (Optional) A label selector the InferenceServices must match.
       * @example "portal.example.com/ingest=true"
       */
      labelSelector?: string;
      /**
       * (Optional) InferenceServices per list page, 1 to 5000. Defaults to 500.
       */
      pageSize?: number;
      /**
       * (Optional) Timeout of each request to this cluster. Defaults to 10 seconds.
       * @example "10s"
       */
      timeout?: HumanDuration | string;
      /**
       * (Optional) Retries of a failed read (network error, timeout, 429, 502, 503, 504),
       * 0 to 10. Defaults to 2.
       */
      retries?: number;
      /**
       * (Optional) How long a read InferenceService is cached (in the backend's cache
       * service, shared by replicas); 0 turns the cache off. Defaults to 5 seconds.
       * @example "5s"
       */
      cacheTtl?: HumanDuration | string;
    }>;
    /**
     * (Optional) The namespaces to read from on every cluster; empty or absent means every
     * namespace (the service account then needs a ClusterRole, see docs/kserve-rbac.yaml).
     * @example ["fraud-detection"]
     */
    namespaces?: string[];
    /**
     * (Optional) A label selector every InferenceService read must match.
     * @example "team"
     */
    labelSelector?: string;
    /**
     * (Optional) InferenceServices per list page, 1 to 5000. Defaults to 500.
     */
    pageSize?: number;
    /**
     * (Optional) Timeout of each request. Defaults to 10 seconds.
     * @example "10s"
     */
    timeout?: HumanDuration | string;
    /**
     * (Optional) Retries of a failed read, 0 to 10. Defaults to 2.
     */
    retries?: number;
    /**
     * (Optional) How long a read InferenceService is cached. Defaults to 5 seconds.
     * @example "5s"
     */
    cacheTtl?: HumanDuration | string;
  };
}
