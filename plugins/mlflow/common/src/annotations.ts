import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_MLFLOW_EXPERIMENT,
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
  readAnnotation,
} from '@mlops-portal/plugin-mlops-common';

export {
  ANNOTATION_MLFLOW_EXPERIMENT,
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
};

/** The MLflow annotations of an entity; malformed values throw InputError naming the entity. */
export interface MlflowAnnotations {
  experiment?: string;
  registeredModel?: string;
  instance?: string;
}

/** Reads the MLflow annotations of an entity. */
export function readMlflowAnnotations(entity: Entity): MlflowAnnotations {
  return {
    experiment: readAnnotation(entity, ANNOTATION_MLFLOW_EXPERIMENT),
    registeredModel: readAnnotation(entity, ANNOTATION_MLFLOW_REGISTERED_MODEL),
    instance: readAnnotation(entity, ANNOTATION_MLFLOW_INSTANCE),
  };
}

/** Whether an entity carries an MLflow experiment or registered model annotation. */
export function isMlflowAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_MLFLOW_EXPERIMENT]?.trim() ||
      annotations[ANNOTATION_MLFLOW_REGISTERED_MODEL]?.trim(),
  );
}
