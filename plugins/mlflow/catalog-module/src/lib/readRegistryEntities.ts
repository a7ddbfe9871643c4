import {
  NameFilters,
  matchesNameFilters,
} from '@mlops-portal/plugin-mlops-node';
import {
  MlflowRegistryReader,
  readModelVersions,
  registeredModelPages,
} from './readRegistry';
import {
  RegistryEntities,
  RegistryEntityCollector,
} from './RegistryEntityCollector';
import { ModelEntityContext } from './registeredModelToEntity';

/** The entities of a whole registry, and what reading it took. */
export interface RegistryRead extends RegistryEntities {
  /** Registered models the instance listed, filtered out or not. */
  modelsSeen: number;
  /** Versions of included models. */
  versionCount: number;
  /** Upstream pages (= requests) per search. */
  pages: { registeredModels: number; modelVersions: number };
}

/**
 * Reads one instance's whole model registry and maps it to `ml-model` Resources: every model
 * version (paged), then every registered model (paged), each page mapped while the next one
 * is on its way. Never one request per model. Throws, returning nothing, if any page fails.
 */
export async function readRegistryEntities(
  client: MlflowRegistryReader,
  options: { filters: NameFilters; context: ModelEntityContext },
): Promise<RegistryRead> {
  const { filters, context } = options;
  // Versions first: their pages are few and large, and each model needs all of its versions.
  const versions = await readModelVersions(client, filters);
  const collector = new RegistryEntityCollector(context);
  let modelsSeen = 0;
  let modelPages = 0;
  for await (const page of registeredModelPages(client)) {
    modelPages++;
    modelsSeen += page.length;
    for (const model of page) {
      if (matchesNameFilters(model.name, filters)) {
        collector.add(model, versions.byModel.get(model.name));
      }
    }
  }
  return {
    ...collector.result(),
    modelsSeen,
    versionCount: versions.count,
    pages: { registeredModels: modelPages, modelVersions: versions.pages },
  };
}
