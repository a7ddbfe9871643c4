import {
  MLFLOW_MAX_RESULTS,
  MlflowApi,
} from '@mlops-portal/plugin-mlflow-node';
import { prefetchPages } from '@mlops-portal/plugin-mlops-node';
import { normalizeArtifactSource } from './modelReferences';

/**
 * Which registered models have a version whose artifacts are at a location.
 *
 * @internal
 */
export interface ModelVersionSources {
  /** Normalized artifact source → the names of the models with a version there. */
  bySource: ReadonlyMap<string, readonly string[]>;
  /** Pages (= requests) read. */
  pages: number;
}

/**
 * Reads every model version of an MLflow instance (at MLflow's largest page size, uncached) and
 * indexes the registered models by their versions' artifact sources.
 *
 * @remarks
 * What an InferenceService whose storageUri is a plain artifact location (`s3://…`) is matched
 * against. One paged search, the same the MLflow provider makes for its own entities; only the
 * source and the model name of each version are kept.
 *
 * @internal
 */
export async function readModelVersionSources(
  client: Pick<MlflowApi, 'searchModelVersions'>,
): Promise<ModelVersionSources> {
  const bySource = new Map<string, string[]>();
  let pages = 0;
  const fetchPage = (pageToken: string | undefined) =>
    client.searchModelVersions({
      maxResults: MLFLOW_MAX_RESULTS.modelVersions,
      pageToken,
      // Read once per relist; caching megabytes of versions would help nobody.
      cache: false,
    });
  for await (const page of prefetchPages(fetchPage)) {
    pages++;
    for (const version of page) {
      if (!version.source?.trim()) {
        continue;
      }
      const source = normalizeArtifactSource(version.source);
      const models = bySource.get(source);
      if (!models) {
        bySource.set(source, [version.name]);
      } else if (!models.includes(version.name)) {
        models.push(version.name);
      }
    }
  }
  return { bySource, pages };
}
