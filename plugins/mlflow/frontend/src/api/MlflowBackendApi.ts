import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  MlflowCompareResponse,
  MlflowInstancesResponse,
  MlflowModelResponse,
  MlflowRunResponse,
  MlflowRunsQuery,
  MlflowRunsResponse,
  MlflowSetAliasRequest,
  MlflowTransitionStageRequest,
  MlflowWriteResponse,
} from '@mlops-portal/plugin-mlflow-common';

/**
 * What to compare in {@link MlflowBackendApi.compareRuns}.
 *
 * @public
 */
export interface MlflowCompareQuery {
  /** The runs to compare. */
  runIds: string[];
  /** Only these metric histories; all of them when absent. */
  metrics?: string[];
}

/**
 * The MLflow backend plugin (`/api/mlflow`) as the browser sees it; every call but
 * `listInstances` is about the MLflow experiment or registered model a catalog entity annotates.
 *
 * @public
 */
export interface MlflowBackendApi {
  /** The configured MLflow instances (names and UI URLs), the default first. */
  listInstances(): Promise<MlflowInstancesResponse>;
  /** A page of the runs of the entity's experiment. */
  getRuns(
    entityRef: CompoundEntityRef,
    query?: MlflowRunsQuery,
  ): Promise<MlflowRunsResponse>;
  /** One run of the entity's experiment, with params, tags and metric histories. */
  getRun(
    entityRef: CompoundEntityRef,
    runId: string,
  ): Promise<MlflowRunResponse>;
  /** Several runs with their metric histories, for a comparison chart. */
  compareRuns(
    entityRef: CompoundEntityRef,
    query: MlflowCompareQuery,
  ): Promise<MlflowCompareResponse>;
  /** The entity's registered model with its versions, aliases and stages. */
  getModel(entityRef: CompoundEntityRef): Promise<MlflowModelResponse>;
  /** Sets or moves an alias of the entity's registered model. */
  setAlias(
    entityRef: CompoundEntityRef,
    request: MlflowSetAliasRequest,
  ): Promise<MlflowWriteResponse>;
  /** Deletes an alias of the entity's registered model. */
  deleteAlias(
    entityRef: CompoundEntityRef,
    alias: string,
  ): Promise<MlflowWriteResponse>;
  /** Moves a version of the entity's registered model to another stage (MLflow 2.x). */
  transitionStage(
    entityRef: CompoundEntityRef,
    version: string,
    request: MlflowTransitionStageRequest,
  ): Promise<MlflowWriteResponse>;
}

/**
 * The {@link MlflowBackendApi} of the app.
 *
 * @public
 */
export const mlflowApiRef = createApiRef<MlflowBackendApi>({
  id: 'plugin.mlflow.service',
});
