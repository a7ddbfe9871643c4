export interface Config {
  /**
   * MLflow keys this package adds; the rest of `mlflow:` (instances' name,
   * baseUrl, auth, ..., and catalog) is declared by
   * `@mlops-portal/plugin-mlops-node`.
   */
  mlflow?: {
    instances?: Array<{
      /**
       * (Optional) Major version of the MLflow server: 3 or 2. Defaults to 3.
       * Stage transitions are an MLflow 2.x feature (MLflow 3 replaces stages
       * with aliases), so they are refused on 3.x instances.
       * @example 2
       */
      majorVersion?: 2 | 3;
    }>;
  };
}
