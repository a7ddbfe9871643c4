export interface Config {
  /**
   * MLflow keys this package adds; the rest of `mlflow:` (`instances`, and
   * `catalog.schedule`, `catalog.defaultOwner`, `catalog.filters`) is declared
   * by `@mlops-portal/plugin-mlops-node`.
   */
  mlflow?: {
    catalog?: {
      /**
       * (Optional) The registered-model tag whose value names the owner of the
       * ingested `ml-model` Resource: an entity ref of a group or user
       * (`group:default/fraud-detection`, `user:jane`); a bare value means a
       * group in the default namespace. Models without the tag, or with a value
       * that is not such a ref, are owned by `mlflow.catalog.defaultOwner`
       * (which the catalog module therefore requires). Defaults to `owner`.
       * @example "team"
       */
      ownerTag?: string;
    };
  };
}
