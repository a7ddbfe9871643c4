import { setImmediate } from 'node:timers/promises';
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

/** Models mapped per turn of the event loop while the version search is answered. */
const MODELS_PER_TURN = 1000;

/**
 * Reads one instance's whole model registry and maps it to `ml-model` Resources: every
 * registered model (paged, the next page prefetched), then every model version (paged). The
 * models are mapped while the registry answers the version search, its slowest request by far,
 * a slice per event-loop turn so that the request goes out first and its answer streams in;
 * their versions are added when all have arrived. One request at a time, never one per model.
 * Throws, returning nothing, if any page fails.
 *
 * @internal
 */
export async function readRegistryEntities(
  client: MlflowRegistryReader,
  options: RegistryReadOptions,
): Promise<RegistryRead> {
  const { filters, includePrompts, context } = options;
  const included: MlflowRegisteredModel[] = [];
  let modelsSeen = 0;
  let modelPages = 0;
  let promptsLeftOut = 0;
  for await (const page of registeredModelPages(client)) {
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
      included.push(model);
    }
  }

  const versions = readModelVersions(client, filters);
  // Awaited below, unless mapping the models fails first.
  versions.catch(() => {});
  const collector = new RegistryEntityCollector(context);
  for (let start = 0; start < included.length; start += MODELS_PER_TURN) {
    await setImmediate();
    const end = Math.min(start + MODELS_PER_TURN, included.length);
    for (let i = start; i < end; i++) {
      collector.add(included[i]);
    }
  }
  const { byModel, pages: versionPages } = await versions;
  return {
    ...collector.result(byModel),
    modelsSeen,
    promptsLeftOut,
    pages: { registeredModels: modelPages, modelVersions: versionPages },
  };
}
