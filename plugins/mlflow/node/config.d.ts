import type {
  UpstreamCatalogConfigSchema,
  UpstreamInstanceConfigSchema,
} from '@mlops-portal/plugin-mlops-node';

export interface Config {
  /**
   * (Optional) MLflow tracking servers and model registries.
   */
  mlflow?: {
    /**
     * (Optional) The MLflow instances to read from. No instances, no MLflow data.
     */
    instances?: Array<
      UpstreamInstanceConfigSchema & {
        /**
         * (Optional) Major version of the MLflow server: 3 or 2. Defaults to 3.
         * Stage transitions are an MLflow 2.x feature (MLflow 3 replaces stages
         * with aliases), so they are refused on 3.x instances.
         * @example 2
         */
        majorVersion?: 2 | 3;
      }
    >;
    /**
     * (Optional) Ingestion of registered models as `ml-model` Resources (by
     * `@mlops-portal/plugin-catalog-backend-module-mlflow`).
     */
    catalog?: UpstreamCatalogConfigSchema & {
      /**
       * (Optional) The registered-model tag whose value names the owner of the
       * ingested `ml-model` Resource: an entity ref of a group or user
       * (`group:default/fraud-detection`, `user:jane`); a bare value means a
       * group in the default namespace. Models without the tag, or with a value
       * that is not such a ref, are owned by `mlflow.catalog.defaultOwner`.
       * The scaffolder action `mlflow:model:register` writes the owner into the
       * same tag. Defaults to `owner`.
       * @example "team"
       */
      ownerTag?: string;
      /**
       * (Optional) Whether MLflow 3 prompts (registered models tagged
       * `mlflow.prompt.is_prompt=true`) are ingested too. They are prompt
       * templates, not ML models. Defaults to false.
       */
      includePrompts?: boolean;
    };
  };
}
