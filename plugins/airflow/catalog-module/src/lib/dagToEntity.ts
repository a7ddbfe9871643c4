import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  AIRFLOW_SYSTEM,
  ANNOTATION_AIRFLOW_DAG_ID,
  ANNOTATION_AIRFLOW_INSTANCE,
  SPEC_TYPE_AIRFLOW_DAG,
  airflowUiLinks,
} from '@mlops-portal/plugin-airflow-common';
import {
  AirflowApiVersion,
  AirflowDag,
  AirflowInstanceConfig,
  airflowDagEntityName,
} from '@mlops-portal/plugin-airflow-node';
import { toEntityTags } from '@mlops-portal/plugin-mlops-common';
import {
  CatalogOwnerDirectory,
  providerLocationRef,
} from '@mlops-portal/plugin-mlops-node';
import { matchDagOwner } from './dagOwner';
import { AirflowDagEntityData, AirflowDagEntitySpec } from './types';

/**
 * What the mapping needs to know beyond the DAG itself.
 *
 * @internal
 */
export interface DagEntityContext {
  /** Every configured instance, the default first: only the default keeps unprefixed names. */
  instances: readonly AirflowInstanceConfig[];
  /** The instance the DAG was read from. */
  instance: AirflowInstanceConfig;
  /** The REST API the instance serves, which says what its UI is (Airflow 2's or 3's). */
  apiVersion: AirflowApiVersion;
  /** The catalog's users and groups, read once per run. */
  owners: CatalogOwnerDirectory;
  /** Full entity ref owning DAGs whose owners name no catalog user or group. */
  defaultOwner: string;
}

/**
 * An `airflow-dag` Resource, with its spec typed.
 *
 * @internal
 */
export type AirflowDagEntity = Entity & { spec: AirflowDagEntitySpec };

/**
 * An entity, plus the DAG owners that named nobody in the catalog when the default owner was used.
 *
 * @internal
 */
export interface DagEntityResult {
  entity: AirflowDagEntity;
  /** Set when the DAG names owners but none is a catalog user or group. */
  unmatchedOwners?: string[];
}

/**
 * Maps one Airflow DAG to an `airflow-dag` Resource.
 *
 * @remarks
 * The name and the annotations are exactly what `airflowDagLocator` expects: the Airflow backend
 * authorizes writes on the DAG (trigger, pause, clear) against this entity, so they must match
 * field by field.
 *
 * @internal
 */
export function dagToEntity(
  dag: AirflowDag,
  context: DagEntityContext,
): DagEntityResult {
  return dagEntityMapper(context)(dag);
}

/**
 * {@link dagToEntity} for every DAG of one instance's run: what is the same for all of them (the
 * location, the UI's address, the annotation keys) is worked out once, and each entity is built
 * field by field (no object spreads): a run maps thousands of DAGs while the next page is read.
 *
 * @internal
 */
export function dagEntityMapper(
  context: DagEntityContext,
): (dag: AirflowDag) => DagEntityResult {
  const { instance, instances, apiVersion, owners, defaultOwner } = context;
  const instanceName = instance.name;
  // Not the UI URL: a `url:` location can be registered by anyone, and the catalog replaces
  // both annotations of registered entities, so only this provider can hand out this value.
  const location = providerLocationRef(AIRFLOW_SYSTEM, instanceName);
  const locationKey = ANNOTATION_LOCATION;
  const originKey = ANNOTATION_ORIGIN_LOCATION;
  const dagIdKey = ANNOTATION_AIRFLOW_DAG_ID;
  const instanceKey = ANNOTATION_AIRFLOW_INSTANCE;
  const uiUrl = instance.uiUrl;
  const specType = SPEC_TYPE_AIRFLOW_DAG;
  const dagUrl = airflowUiLinks.dag;
  return dag => {
    const { dagId } = dag;
    const match = matchDagOwner(dag.owners, owners);
    const airflow: AirflowDagEntityData = {
      instance: instanceName,
      dagId,
      owners: dag.owners.slice(),
      isPaused: dag.isPaused,
    };
    // Only what the DAG says: an absent field stays absent rather than becoming an empty string.
    if (dag.schedule) {
      airflow.schedule = dag.schedule;
    }
    if (dag.scheduleDescription) {
      airflow.scheduleDescription = dag.scheduleDescription;
    }
    if (dag.fileloc) {
      airflow.fileloc = dag.fileloc;
    }

    const metadata: Entity['metadata'] = {
      name: airflowDagEntityName(instances, instanceName, dagId),
      title: dag.displayName,
    };
    const description = dag.description?.trim();
    if (description) {
      metadata.description = description;
    }
    const tags = toEntityTags(dag.tags);
    if (tags.length > 0) {
      metadata.tags = tags;
    }
    const annotations: Record<string, string> = {};
    annotations[locationKey] = location;
    annotations[originKey] = location;
    annotations[dagIdKey] = dagId;
    annotations[instanceKey] = instanceName;
    metadata.annotations = annotations;
    metadata.links = [
      {
        url: dagUrl(uiUrl, apiVersion, dagId),
        title: 'Airflow DAG',
        icon: 'dashboard',
      },
    ];
    const entity: AirflowDagEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata,
      spec: {
        type: specType,
        owner: match.ref ?? defaultOwner,
        airflow,
      },
    };
    return match.ref === undefined && match.unmatched.length > 0
      ? { entity, unmatchedOwners: match.unmatched }
      : { entity };
  };
}
