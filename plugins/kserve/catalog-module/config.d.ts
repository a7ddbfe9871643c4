import type { UpstreamCatalogConfigSchema } from '@mlops-portal/plugin-mlops-node';

export interface Config {
  /**
   * (Optional) KServe. Its clusters are those of Backstage's own `kubernetes:` config
   * (declared by `@mlops-portal/plugin-kserve-node`).
   */
  kserve?: {
    /**
     * (Optional) Ingestion of InferenceServices as `model-server` Components and their APIs
     * by `@mlops-portal/plugin-catalog-backend-module-kserve`, one provider per cluster.
     * `filters` match InferenceService names. An InferenceService is owned by the entity ref in
     * its `ownerAnnotation`, else the group in its `ownerLabel`, else `defaultOwner`, which this
     * module requires.
     */
    catalog?: UpstreamCatalogConfigSchema & {
      /**
       * (Optional) The InferenceService annotation holding its owner: an entity ref of a group
       * or user; a bare name means a group. Defaults to `backstage.io/owner`.
       * @example "example.com/owner"
       */
      ownerAnnotation?: string;
      /**
       * (Optional) The InferenceService label holding its owner group's name (a label value
       * cannot hold an entity ref). Defaults to `owner`.
       * @example "team"
       */
      ownerLabel?: string;
      /**
       * (Optional) Whether an InferenceService whose storageUri is a plain artifact location
       * (e.g. `s3://…`) depends on the MLflow models with a version of exactly that source;
       * this reads all model versions of the MLflow instance once per relist when any
       * InferenceService needs it. Defaults to true; without MLflow configured it does
       * nothing.
       */
      matchModelVersionSources?: boolean;
    };
  };
}
