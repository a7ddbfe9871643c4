/**
 * One model version as summarised on an `ml-model` entity.
 *
 * @public
 */
export type MlflowEntityModelVersion = {
  /** The version number, as MLflow sends it (a string). */
  version: string;
  /** The MLflow 2.x stage (`None`, `Staging`, `Production`, `Archived`); absent on MLflow 3. */
  stage?: string;
  /** Registration status (`READY`, `PENDING_REGISTRATION`, `FAILED_REGISTRATION`). */
  status?: string;
  /** The run that produced the version, when known. */
  runId?: string;
};

/**
 * The `spec.mlflow` object of an `ml-model` Resource ingested from an MLflow registered model.
 *
 * @public
 */
export type MlflowModelEntityData = {
  /** The configured MLflow instance the model lives in. */
  instance: string;
  /**
   * The registered model's tags, sorted by key. A list, not a map: the catalog drops keys named
   * `__proto__` from entities, and a tag may have any name.
   */
  tags: Array<{ key: string; value: string }>;
  /** Every alias with the version it points at, e.g. `champion` → version 4, sorted by alias (a list, as tags). */
  aliases: Array<MlflowEntityModelVersion & { alias: string }>;
  /**
   * Newest first: on MLflow 2.x the newest version of every stage (as MLflow's
   * `latest_versions`); on MLflow 3, where stages are deprecated, the newest version.
   */
  latestVersions: MlflowEntityModelVersion[];
  /** How many versions the model has. */
  versionCount: number;
};

/**
 * The `spec` of an `ml-model` Resource ingested from an MLflow registered model.
 *
 * @public
 */
export type MlflowModelEntitySpec = {
  /** Always `ml-model`. */
  type: string;
  /** Full entity ref of the owning group or user. */
  owner: string;
  /** What MLflow knows about the model. */
  mlflow: MlflowModelEntityData;
};
