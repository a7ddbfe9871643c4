import {
  isMlflowPrompt,
  type MlflowRegisteredModel,
} from '@mlops-portal/plugin-mlflow-node';
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

/**
 * What to ingest of a registry.
 *
 * @internal
 */
export interface RegistryReadOptions {
  /** Which registered models to ingest, by name. */
  filters: NameFilters;
  /** Whether MLflow 3 prompts are ingested too. */
  includePrompts: boolean;
  /** How each model becomes an entity. */
  context: ModelEntityContext;
}

/**
 * The entities of a whole registry, and what reading it took.
 *
 * @internal
 */
export interface RegistryRead extends RegistryEntities {
  /** Registered models the instance listed, filtered out or not. */
  modelsSeen: number;
  /** Prompts the name filters let through but that were left out (`includePrompts` is false). */
  promptsLeftOut: number;
  /** Upstream pages (= requests) per search. */
  pages: { registeredModels: number; modelVersions: number };
}

/**
 * Reads one instance's whole model registry and maps it to `ml-model` Resources: every model
 * version (paged), then every registered model (paged), each page processed while the next one
 * is on its way — the first page of models is requested as soon as the last page of versions has
 * arrived. One request at a time, never one per model. Throws, returning nothing, if any page
 * fails.
 *
 * @internal
 */
export async function readRegistryEntities(
  client: MlflowRegistryReader,
  options: RegistryReadOptions,
): Promise<RegistryRead> {
  const { filters, includePrompts, context } = options;
  // Versions first: their pages are few and large, and each model needs all of its versions.
  let models: AsyncGenerator<MlflowRegisteredModel[], void> | undefined;
  let firstModels:
    | Promise<IteratorResult<MlflowRegisteredModel[], void>>
    | undefined;
  const startModels = () => {
    models = registeredModelPages(client);
    firstModels = models.next();
    // Awaited below, unless grouping the versions fails first.
    firstModels.catch(() => {});
  };
  const versions = await readModelVersions(client, filters, {
    onLastPage: startModels,
  });
  if (!models) {
    startModels();
  }
  const collector = new RegistryEntityCollector(context);
  let modelsSeen = 0;
  let modelPages = 0;
  let promptsLeftOut = 0;
  for (let next = await firstModels!; !next.done; next = await models!.next()) {
    const page = next.value;
    modelPages++;
    modelsSeen += page.length;
    for (const model of page) {
      if (!matchesNameFilters(model.name, filters)) {
        continue;
      }
      // Prompt templates live in the registry since MLflow 3 but are no ML models.
      if (!includePrompts && isMlflowPrompt(model)) {
        promptsLeftOut++;
        continue;
      }
      collector.add(model, versions.byModel.get(model.name));
    }
  }
  return {
    ...collector.result(),
    modelsSeen,
    promptsLeftOut,
    pages: { registeredModels: modelPages, modelVersions: versions.pages },
  };
}
