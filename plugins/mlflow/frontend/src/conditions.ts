import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_MLFLOW_REGISTERED_MODEL } from '@mlops-portal/plugin-mlflow-common';

export { isMlflowAvailable } from '@mlops-portal/plugin-mlflow-common';

/**
 * Whether an entity names an MLflow registered model (`mlflow.org/registered-model`), i.e.
 * whether the model card has something to show.
 *
 * @public
 */
export function isMlflowModelAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[ANNOTATION_MLFLOW_REGISTERED_MODEL]?.trim(),
  );
}
