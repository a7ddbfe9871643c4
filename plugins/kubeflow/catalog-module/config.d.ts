import type { UpstreamCatalogConfigSchema } from '@mlops-portal/plugin-mlops-node';

export interface Config {
  /**
   * (Optional) Kubeflow Pipelines instances (`kubeflow.instances`, declared by
   * `@mlops-portal/plugin-kubeflow-node`).
   */
  kubeflow?: {
    /**
     * (Optional) Ingestion of pipelines as `kubeflow-pipeline` Resources by
     * `@mlops-portal/plugin-catalog-backend-module-kubeflow`, one provider per
     * instance. `filters` match pipeline display names. A pipeline is owned by
     * the owner `namespaceOwners` names for its namespace, else by
     * `defaultOwner`, which this module requires.
     */
    catalog?: UpstreamCatalogConfigSchema & {
      /**
       * (Optional) The owner of the pipelines of each profile namespace
       * (multi-user Kubeflow), by namespace: an entity ref of a group or user;
       * a bare name means a group in the default namespace. Pipelines of other
       * namespaces, and shared pipelines (no namespace), are owned by
       * `kubeflow.catalog.defaultOwner`. The owners of an ingested pipeline
       * may start its runs and toggle its recurring runs.
       * @example { "fraud-detection": "group:default/fraud-detection", "team-supply": "supply-chain" }
       */
      namespaceOwners?: { [namespace: string]: string };
    };
  };
}
