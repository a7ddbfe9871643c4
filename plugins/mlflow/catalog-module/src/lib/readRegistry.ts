import {
  MLFLOW_MAX_RESULTS,
  MlflowApi,
  MlflowModelVersion,
  MlflowRegisteredModel,
} from '@mlops-portal/plugin-mlflow-node';
import {
  NameFilters,
  matchesNameFilters,
  prefetchPages,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The part of an MLflow client that reading the registry needs.
 *
 * @internal
 */
export type MlflowRegistryReader = Pick<
  MlflowApi,
  'instance' | 'searchRegisteredModels' | 'searchModelVersions'
>;

/**
 * The fields of a model version that an entity shows.
 *
 * @internal
 */
export type ModelVersionFields = Pick<
  MlflowModelVersion,
  'version' | 'current_stage' | 'status' | 'run_id' | 'aliases'
>;

/**
 * Every version of the included models, grouped by model name.
 *
 * @internal
 */
export interface ModelVersionIndex {
  /** Model name → its versions, unordered. */
  byModel: Map<string, ModelVersionFields[]>;
  /** Upstream pages (= requests) read. */
  pages: number;
}

/**
 * Reads every model version of the instance (paged at MLflow's largest page size) and groups
 * the versions of models passing the name filters by model.
 *
 * @remarks
 * Only the fields an entity shows are kept, so each page's full version objects (sources,
 * tags, descriptions) can be collected while the next page is on its way.
 *
 * @internal
 */
export async function readModelVersions(
  client: MlflowRegistryReader,
  filters: NameFilters,
): Promise<ModelVersionIndex> {
  const byModel = new Map<string, ModelVersionFields[]>();
  let pages = 0;
  const fetchPage = (pageToken: string | undefined) =>
    client.searchModelVersions({
      maxResults: MLFLOW_MAX_RESULTS.modelVersions,
      pageToken,
      // Ingestion reads every page once; caching them would only push megabytes into Redis.
      cache: false,
    });
  for await (const page of prefetchPages(fetchPage)) {
    pages++;
    for (const v of page) {
      // Filters match model names, and a version carries its model's name.
      if (!matchesNameFilters(v.name, filters)) {
        continue;
      }
      const fields: ModelVersionFields = {
        version: v.version,
        current_stage: v.current_stage,
        status: v.status,
        run_id: v.run_id,
        aliases: v.aliases,
      };
      const versions = byModel.get(v.name);
      if (versions) {
        versions.push(fields);
      } else {
        byModel.set(v.name, [fields]);
      }
    }
  }
  return { byModel, pages };
}

/**
 * The pages of `registered-models/search` at MLflow's largest page size, the next one prefetched.
 *
 * @internal
 */
export function registeredModelPages(
  client: MlflowRegistryReader,
): AsyncGenerator<MlflowRegisteredModel[], void, undefined> {
  return prefetchPages(pageToken =>
    client.searchRegisteredModels({
      maxResults: MLFLOW_MAX_RESULTS.registeredModels,
      pageToken,
      cache: false,
    }),
  );
}
