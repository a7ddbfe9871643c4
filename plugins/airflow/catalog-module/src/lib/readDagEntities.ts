import { AirflowApi } from '@mlops-portal/plugin-airflow-node';
import {
  CatalogOwnerDirectory,
  EntityNameClash,
  NameFilters,
  UniqueEntityNames,
  matchesNameFilters,
} from '@mlops-portal/plugin-mlops-node';
import {
  AirflowDagEntity,
  DagEntityContext,
  dagEntityMapper,
} from './dagToEntity';

/**
 * What to ingest of an instance, and how.
 *
 * @internal
 */
export interface DagReadOptions {
  /** Which DAGs to ingest, by DAG id. */
  filters: NameFilters;
  /** Reads the catalog's users and groups (once per run). */
  readOwners: () => Promise<CatalogOwnerDirectory>;
  /** How each DAG becomes an entity, but for the owners and the API version (read here). */
  context: Omit<DagEntityContext, 'owners' | 'apiVersion'>;
}

/**
 * The entities of one instance's DAGs, and what had to be worked around.
 *
 * @internal
 */
export interface DagEntitiesRead {
  entities: AirflowDagEntity[];
  /** DAGs the instance listed, filtered out or not. */
  dagsSeen: number;
  /** DAGs the filters left out. */
  filteredOut: number;
  /** Users and groups the catalog holds. */
  catalogOwners: number;
  /** DAGs whose owners name no catalog user or group (they got the default owner). */
  unmatchedOwners: Array<{ dag: string; owners: string[] }>;
  /** DAGs left out because another DAG already produced the same entity name. */
  nameClashes: EntityNameClash[];
}

/**
 * Reads every DAG of one instance (`GET /dags`, every page at the instance's page size, never a
 * request per DAG) and the catalog's users and groups, both at once, and maps the DAGs to
 * `airflow-dag` Resources. Throws, returning nothing, if any page or the catalog read fails.
 *
 * @internal
 */
export async function readDagEntities(
  client: Pick<AirflowApi, 'listDagPages' | 'apiVersion'>,
  options: DagReadOptions,
): Promise<DagEntitiesRead> {
  // The catalog answers while Airflow pages, and each page is mapped while the next one is on its
  // way. The pages are read once: they are not kept in the read cache.
  const ownersRead = options.readOwners();
  ownersRead.catch(() => {}); // awaited below; a failure must not count as unhandled first
  const pages = client.listDagPages({ cache: false });
  const [owners, apiVersion] = await Promise.all([
    ownersRead,
    client.apiVersion(),
  ]);
  const context: DagEntityContext = { ...options.context, owners, apiVersion };
  const toEntity = dagEntityMapper(context);
  const names = new UniqueEntityNames();
  const entities: AirflowDagEntity[] = [];
  const unmatchedOwners: DagEntitiesRead['unmatchedOwners'] = [];
  let filteredOut = 0;
  let dagsSeen = 0;
  for await (const page of pages) {
    dagsSeen += page.length;
    for (const dag of page) {
      if (!matchesNameFilters(dag.dagId, options.filters)) {
        filteredOut++;
        continue;
      }
      const { entity, unmatchedOwners: unmatched } = toEntity(dag);
      // The catalog would reject both entities of one name, so the first DAG keeps it. The ref
      // written out: every one is a Resource in the default namespace.
      if (!names.claim(`resource:default/${entity.metadata.name}`, dag.dagId)) {
        continue;
      }
      if (unmatched) {
        unmatchedOwners.push({ dag: dag.dagId, owners: unmatched });
      }
      entities.push(entity);
    }
  }
  return {
    entities,
    dagsSeen,
    filteredOut,
    catalogOwners: owners.size,
    unmatchedOwners,
    nameClashes: names.clashes,
  };
}
