import { Entity } from '@backstage/catalog-model';
import {
  instanceAnnotationKey,
  readAnnotation,
} from '@mlops-portal/plugin-mlops-common';
import { AIRFLOW_SYSTEM } from './system';

/**
 * Names the Airflow DAG(s) an entity represents or uses: one DAG id, or several separated by
 * commas (`train_model, refresh_features`).
 *
 * @public
 */
export const ANNOTATION_AIRFLOW_DAG_ID = 'airflow.apache.org/dag-id';

/**
 * Picks the Airflow instance (by configured name) where there are several.
 *
 * @public
 */
export const ANNOTATION_AIRFLOW_INSTANCE =
  instanceAnnotationKey(AIRFLOW_SYSTEM);

/**
 * The longest DAG id Airflow stores (`ID_LEN`).
 *
 * @public
 */
export const MAX_DAG_ID_LENGTH = 250;

// Airflow's KEY_REGEX: letters, digits, '_', '.' and '-'.
const DAG_ID = /^[A-Za-z0-9_.-]+$/;

/**
 * Parses the value of {@link ANNOTATION_AIRFLOW_DAG_ID}: comma-separated DAG ids, each trimmed;
 * throws an Error naming the first id that is empty, repeated or not a valid Airflow DAG id.
 *
 * @public
 */
export function parseAirflowDagIds(value: string): string[] {
  const ids = value.split(',').map(id => id.trim());
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (id === '') {
      throw new Error(
        `DAG id ${index + 1} of ${JSON.stringify(
          value,
        )} is empty; expected DAG ids separated by commas`,
      );
    }
    if (id.length > MAX_DAG_ID_LENGTH || !DAG_ID.test(id)) {
      throw new Error(
        `${JSON.stringify(id)} is not an Airflow DAG id ` +
          `(letters, digits, '_', '.' and '-', at most ${MAX_DAG_ID_LENGTH} characters)`,
      );
    }
    if (seen.has(id)) {
      throw new Error(`DAG id ${JSON.stringify(id)} is listed twice`);
    }
    seen.add(id);
  });
  return ids;
}

/**
 * The Airflow annotations of an entity.
 *
 * @public
 */
export interface AirflowAnnotations {
  /** `airflow.apache.org/dag-id`, as a list (in the order written). */
  dagIds?: string[];
  /** `airflow.apache.org/instance`. */
  instance?: string;
}

/**
 * Reads the Airflow annotations of an entity; a blank or malformed value is an `InputError`
 * naming the entity and the annotation.
 *
 * @public
 */
export function readAirflowAnnotations(entity: Entity): AirflowAnnotations {
  return {
    dagIds: readAnnotation(
      entity,
      ANNOTATION_AIRFLOW_DAG_ID,
      parseAirflowDagIds,
    ),
    instance: readAnnotation(entity, ANNOTATION_AIRFLOW_INSTANCE),
  };
}

/**
 * Whether an entity carries an Airflow DAG id annotation.
 *
 * @public
 */
export function isAirflowAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[ANNOTATION_AIRFLOW_DAG_ID]?.trim(),
  );
}
