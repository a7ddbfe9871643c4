import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_AIRFLOW_DAG_ID,
  AirflowEntityTarget,
  readAirflowAnnotations,
} from '@mlops-portal/plugin-airflow-common';
import {
  airflowDagLocator,
  type AirflowApi,
  type AirflowClients,
} from '@mlops-portal/plugin-airflow-node';
import type { IngestedEntityLocator } from '@mlops-portal/plugin-mlops-node';

/** An entity's Airflow DAGs: where they live and the client to reach them. */
export interface ResolvedTarget {
  /** The entity's full ref, as the catalog spells it. */
  entityRef: string;
  /** What the routes report as `target`. */
  target: AirflowEntityTarget;
  /** The client of the entity's instance. */
  client: AirflowApi;
  /** Where the Airflow provider's entity of a DAG is: what writes on it are authorized against. */
  locator(dagId: string): IngestedEntityLocator;
}

/**
 * Resolves an entity's Airflow annotations to its instance, DAG ids and client.
 *
 * @throws InputError for a missing or malformed DAG id annotation or an instance that is not
 * configured (naming the configured ones); NotFoundError when no instance is configured at all
 */
export function resolveTarget(
  entity: Entity,
  clients: AirflowClients,
): ResolvedTarget {
  const entityRef = stringifyEntityRef(entity);
  const annotations = readAirflowAnnotations(entity);
  if (!annotations.dagIds) {
    throw new InputError(
      `Entity '${entityRef}' has no '${ANNOTATION_AIRFLOW_DAG_ID}' annotation, which is needed to show Airflow DAGs`,
    );
  }
  const client = clients.forInstance(annotations.instance);
  const { instance } = client;
  return {
    entityRef,
    target: {
      instance: instance.name,
      uiUrl: instance.uiUrl,
      dagIds: annotations.dagIds,
    },
    client,
    locator: dagId =>
      airflowDagLocator(clients.instances, instance.name, dagId),
  };
}

/**
 * The DAG id as one the entity annotates: the entity leads to its own DAGs only, so any other id
 * is not found, whether or not Airflow has such a DAG.
 *
 * @throws NotFoundError naming the annotated DAG ids
 */
export function requireAnnotatedDag(
  resolved: ResolvedTarget,
  dagId: string,
): string {
  if (!resolved.target.dagIds.includes(dagId)) {
    throw new NotFoundError(
      `Entity '${
        resolved.entityRef
      }' does not annotate Airflow DAG '${dagId}' (it annotates ${resolved.target.dagIds
        .map(id => `'${id}'`)
        .join(', ')})`,
    );
  }
  return dagId;
}
