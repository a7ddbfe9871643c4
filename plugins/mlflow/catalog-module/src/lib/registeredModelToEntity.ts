import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
  MLFLOW_SYSTEM,
  SPEC_TYPE_ML_MODEL,
  mlflowUiLinks,
} from '@mlops-portal/plugin-mlflow-common';
import {
  MlflowInstanceConfig,
  MlflowRegisteredModel,
  mlflowModelEntityName,
} from '@mlops-portal/plugin-mlflow-node';
import { tryParseOwnerRef } from '@mlops-portal/plugin-mlops-common';
import { providerLocationRef } from '@mlops-portal/plugin-mlops-node';
import { ModelVersionFields } from './readRegistry';
import {
  MlflowEntityModelVersion,
  MlflowModelEntityData,
  MlflowModelEntitySpec,
} from './types';

/**
 * What the mapping needs to know beyond the model itself.
 *
 * @internal
 */
export interface ModelEntityContext {
  /** Every configured instance, the default first: only the default keeps unprefixed names. */
  instances: readonly MlflowInstanceConfig[];
  /** The instance the model was read from. */
  instance: MlflowInstanceConfig;
  /** The model tag naming the owner. */
  ownerTag: string;
  /** Full entity ref owning models without a valid owner tag. */
  defaultOwner: string;
}

/**
 * An `ml-model` Resource, with its spec typed.
 *
 * @internal
 */
export type MlflowModelEntity = Entity & { spec: MlflowModelEntitySpec };

/**
 * An entity, plus the owner tag value that was ignored because it names no group or user.
 *
 * @internal
 */
export interface ModelEntityResult {
  entity: MlflowModelEntity;
  /** Set when the model's owner tag was present but invalid (the default owner was used). */
  invalidOwner?: string;
}

/**
 * A model mapped to its entity before its versions are known: everything but the version data.
 *
 * @internal
 */
export interface ModelEntityDraft extends ModelEntityResult {
  /** The registered model's name, which its versions carry. */
  model: string;
  /** The aliases the model itself lists (older servers list them on the versions only). */
  modelAliases: ReadonlyArray<{ alias: string; version: string }>;
  /** Whether the instance has stages (MLflow 2.x). */
  stages: boolean;
}

/**
 * Maps one registered model and all its versions to an `ml-model` Resource.
 *
 * @remarks
 * The name and the annotations are exactly what `mlflowModelLocator` expects: the MLflow backend
 * authorizes writes on the model against this entity, so they must match field by field.
 *
 * @param versions - every version of the model, in any order (duplicates are ignored)
 * @internal
 */
export function registeredModelToEntity(
  model: MlflowRegisteredModel,
  versions: readonly ModelVersionFields[],
  context: ModelEntityContext,
): ModelEntityResult {
  return completeModelEntity(draftModelEntity(model, context), versions);
}

/**
 * The part of {@link registeredModelToEntity} that needs only the model, so that ingestion can
 * map models while the registry is still answering the (much larger) version search.
 *
 * @internal
 */
export function draftModelEntity(
  model: MlflowRegisteredModel,
  context: ModelEntityContext,
): ModelEntityDraft {
  const { instance } = context;
  const modelUrl = mlflowUiLinks.model(instance.uiUrl, model.name);
  const tags = [...(model.tags ?? [])]
    .map(({ key, value }) => ({ key, value }))
    .sort((a, b) => (a.key < b.key ? -1 : Number(a.key > b.key)));
  const ownerValue = tags.find(tag => tag.key === context.ownerTag)?.value;
  const taggedOwner =
    ownerValue === undefined ? undefined : tryParseOwnerRef(ownerValue);

  const spec: MlflowModelEntitySpec = {
    type: SPEC_TYPE_ML_MODEL,
    owner: taggedOwner ?? context.defaultOwner,
    mlflow: {
      instance: instance.name,
      tags,
      aliases: [],
      latestVersions: [],
      versionCount: 0,
    },
  };

  const description = model.description?.trim();
  // Not the UI URL: a `url:` location can be registered by anyone, and the catalog replaces
  // both annotations of registered entities, so only this provider can hand out this value.
  const location = providerLocationRef(MLFLOW_SYSTEM, instance.name);
  const entity: MlflowModelEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: mlflowModelEntityName(context.instances, instance.name, model.name),
      title: model.name,
      ...(description && { description }),
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_MLFLOW_REGISTERED_MODEL]: model.name,
        [ANNOTATION_MLFLOW_INSTANCE]: instance.name,
      },
      links: [{ url: modelUrl, title: 'MLflow model', icon: 'dashboard' }],
    },
    spec,
  };
  return {
    entity,
    ...(ownerValue !== undefined &&
      taggedOwner === undefined && { invalidOwner: ownerValue }),
    model: model.name,
    modelAliases: model.aliases ?? [],
    stages: instance.majorVersion === 2,
  };
}

/**
 * Completes a draft with the model's versions: its aliases, latest versions and version count.
 *
 * @param versions - every version of the model, in any order (duplicates are ignored)
 * @internal
 */
export function completeModelEntity(
  draft: ModelEntityDraft,
  versions: readonly ModelVersionFields[],
): ModelEntityResult {
  const { entity, invalidOwner, stages } = draft;
  const newestFirst = sortNewestFirst(versions);
  // A handful of aliases per model: a scan is cheaper than building a Map per model.
  const summary = (version: string): MlflowEntityModelVersion =>
    summarize(
      newestFirst.find(v => v.version === version),
      version,
      stages,
    );
  const mlflow = entity.spec.mlflow;
  mlflow.aliases = aliasesOf(draft.modelAliases, newestFirst, summary);
  mlflow.latestVersions = latestVersions(newestFirst, stages).map(v =>
    summarize(v, v.version, stages),
  );
  mlflow.versionCount = newestFirst.length;
  return invalidOwner === undefined ? { entity } : { entity, invalidOwner };
}

/** Versions newest first, each version number once. */
function sortNewestFirst(
  versions: readonly ModelVersionFields[],
): readonly ModelVersionFields[] {
  // MLflow lists versions newest first; one pass confirms that and saves a copy and a sort.
  let ordered = true;
  for (let i = 1; ordered && i < versions.length; i++) {
    ordered = compareVersions(versions[i - 1].version, versions[i].version) > 0;
  }
  if (ordered) {
    return versions;
  }
  const sorted = [...versions].sort((a, b) =>
    compareVersions(b.version, a.version),
  );
  // Offset-based page tokens can repeat an item when the registry changes while paging.
  return sorted.filter(
    (v, index) => index === 0 || v.version !== sorted[index - 1].version,
  );
}

/** Version numbers are integers sent as strings; compare them as numbers. */
function compareVersions(a: string, b: string): number {
  const diff = Number(a) - Number(b);
  if (Number.isNaN(diff)) {
    return a < b ? -1 : Number(a > b);
  }
  return diff;
}

/**
 * Alias → the version it points at: the model's `aliases`, plus any only the versions report
 * (older servers list aliases on versions, newer on both). Sorted by alias.
 */
function aliasesOf(
  modelAliases: ModelEntityDraft['modelAliases'],
  newestFirst: readonly ModelVersionFields[],
  summary: (version: string) => MlflowEntityModelVersion,
): MlflowModelEntityData['aliases'] {
  const pairs: Array<[string, string]> = modelAliases.map(a => [
    a.alias,
    a.version,
  ]);
  for (const version of newestFirst) {
    for (const alias of version.aliases ?? []) {
      if (!pairs.some(([known]) => known === alias)) {
        pairs.push([alias, version.version]);
      }
    }
  }
  pairs.sort(([a], [b]) => (a < b ? -1 : 1));
  return pairs.map(([alias, version]) => ({ alias, ...summary(version) }));
}

/** MLflow 2.x: the newest version of every stage; MLflow 3: the newest version. */
function latestVersions(
  newestFirst: readonly ModelVersionFields[],
  stages: boolean,
): readonly ModelVersionFields[] {
  if (!stages) {
    return newestFirst.slice(0, 1);
  }
  const seen = new Set<string>();
  return newestFirst.filter(v => {
    const stage = v.current_stage ?? 'None';
    if (seen.has(stage)) {
      return false;
    }
    seen.add(stage);
    return true;
  });
}

function summarize(
  version: ModelVersionFields | undefined,
  versionNumber: string,
  stages: boolean,
): MlflowEntityModelVersion {
  const summary: MlflowEntityModelVersion = { version: versionNumber };
  if (version) {
    if (stages) {
      summary.stage = version.current_stage ?? 'None';
    }
    if (version.status) {
      summary.status = version.status;
    }
    if (version.run_id) {
      summary.runId = version.run_id;
    }
  }
  return summary;
}
