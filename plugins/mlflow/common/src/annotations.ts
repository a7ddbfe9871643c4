import { Entity } from '@backstage/catalog-model';
import {
  instanceAnnotationKey,
  readAnnotation,
} from '@mlops-portal/plugin-mlops-common';
import { MLFLOW_SYSTEM } from './system';

/**
 * Names the MLflow registered model an entity represents or uses.
 *
 * @public
 */
export const ANNOTATION_MLFLOW_REGISTERED_MODEL = 'mlflow.org/registered-model';

/**
 * Names the MLflow experiment (name or id) a Component logs its runs to.
 *
 * @public
 */
export const ANNOTATION_MLFLOW_EXPERIMENT = 'mlflow.org/experiment';

/**
 * Picks the MLflow instance (by configured name) where there are several.
 *
 * @public
 */
export const ANNOTATION_MLFLOW_INSTANCE = instanceAnnotationKey(MLFLOW_SYSTEM);

/**
 * The MLflow annotations of an entity.
 *
 * @public
 */
export interface MlflowAnnotations {
  /** `mlflow.org/experiment`. */
  experiment?: string;
  /** `mlflow.org/registered-model`. */
  registeredModel?: string;
  /** `mlflow.org/instance`. */
  instance?: string;
}

/**
 * Reads the MLflow annotations of an entity; a blank value is an `InputError` naming the entity.
 *
 * @public
 */
export function readMlflowAnnotations(entity: Entity): MlflowAnnotations {
  return {
    experiment: readAnnotation(entity, ANNOTATION_MLFLOW_EXPERIMENT),
    registeredModel: readAnnotation(entity, ANNOTATION_MLFLOW_REGISTERED_MODEL),
    instance: readAnnotation(entity, ANNOTATION_MLFLOW_INSTANCE),
  };
}

/**
 * Whether an entity carries an MLflow experiment or registered model annotation.
 *
 * @public
 */
export function isMlflowAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_MLFLOW_EXPERIMENT]?.trim() ||
      annotations[ANNOTATION_MLFLOW_REGISTERED_MODEL]?.trim(),
  );
}
