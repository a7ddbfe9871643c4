import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_KUBEFLOW_INSTANCE,
  ANNOTATION_KUBEFLOW_PIPELINE,
  ANNOTATION_KUBEFLOW_PIPELINE_ID,
  KUBEFLOW_SYSTEM,
  SPEC_TYPE_KUBEFLOW_PIPELINE,
  isKubeflowId,
  kubeflowUiLinks,
  parseKubeflowName,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowInstanceConfig,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  kubeflowPipelineEntityName,
} from '@mlops-portal/plugin-kubeflow-node';
import { providerLocationRef } from '@mlops-portal/plugin-mlops-node';
import {
  KubeflowPipelineEntityData,
  KubeflowPipelineEntitySpec,
} from './types';

/**
 * What the mapping needs to know beyond the pipeline itself.
 *
 * @internal
 */
export interface PipelineEntityContext {
  /** Every configured instance, the default first: only the default keeps unprefixed names. */
  instances: readonly Pick<KubeflowInstanceConfig, 'name'>[];
  /** The instance the pipeline was read from. */
  instance: Pick<KubeflowInstanceConfig, 'name' | 'uiUrl'>;
  /** Full entity ref owning the pipelines no namespace owner is configured for. */
  defaultOwner: string;
  /** Full owner refs by profile namespace. */
  namespaceOwners: ReadonlyMap<string, string>;
}

/**
 * What the one versions request of a pipeline (newest first, one item) says about it.
 *
 * @internal
 */
export interface PipelineVersionsSummary {
  /** The newest version; absent when the pipeline has none. */
  latest?: KubeflowPipelineVersion;
  /** How many versions there are; absent when KFP does not say. */
  count?: number;
}

/**
 * A `kubeflow-pipeline` Resource, with its spec typed.
 *
 * @internal
 */
export type KubeflowPipelineEntity = Entity & {
  spec: KubeflowPipelineEntitySpec;
};

/**
 * Maps the pipelines of one instance's run to entities.
 *
 * @internal
 */
export interface PipelineEntityMapper {
  /** The pipeline's entity name (what `kubeflowPipelineLocator` expects). */
  entityName(pipeline: KubeflowPipeline): string;
  /** The pipeline's entity, under the name {@link PipelineEntityMapper.entityName} gave. */
  toEntity(
    pipeline: KubeflowPipeline,
    name: string,
    versions: PipelineVersionsSummary,
  ): KubeflowPipelineEntity;
}

/**
 * Maps one Kubeflow pipeline to a `kubeflow-pipeline` Resource.
 *
 * @remarks
 * The name and the annotations are exactly what `kubeflowPipelineLocator` expects: the Kubeflow
 * backend authorizes writes on the pipeline (start a run, toggle a recurring run) against this
 * entity, so they must match field by field.
 *
 * @internal
 */
export function pipelineToEntity(
  pipeline: KubeflowPipeline,
  versions: PipelineVersionsSummary,
  context: PipelineEntityContext,
): KubeflowPipelineEntity {
  const mapper = pipelineEntityMapper(context);
  return mapper.toEntity(pipeline, mapper.entityName(pipeline), versions);
}

/**
 * {@link pipelineToEntity} for every pipeline of one instance's run: what is the same for all
 * of them (the location, the UI's address, the annotation keys) is worked out once, and each
 * entity is built field by field (no object spreads): a run maps thousands of pipelines while
 * the next page is read.
 *
 * @internal
 */
export function pipelineEntityMapper(
  context: PipelineEntityContext,
): PipelineEntityMapper {
  const { instance, instances, defaultOwner, namespaceOwners } = context;
  const instanceName = instance.name;
  // Not the UI URL: a `url:` location can be registered by anyone, and the catalog replaces
  // both annotations of registered entities, so only this provider can hand out this value.
  const location = providerLocationRef(KUBEFLOW_SYSTEM, instanceName);
  const uiUrl = instance.uiUrl;
  const pipelineUrl = kubeflowUiLinks.pipeline;
  return {
    entityName: pipeline =>
      kubeflowPipelineEntityName(instances, instanceName, pipeline),
    toEntity(pipeline, name, versions) {
      const { pipelineId, namespace } = pipeline;
      const kubeflow: KubeflowPipelineEntityData = {
        instance: instanceName,
        pipelineId,
      };
      // Only what KFP says: an absent field stays absent rather than becoming a guess.
      if (namespace) {
        kubeflow.namespace = namespace;
      }
      if (versions.count !== undefined) {
        kubeflow.versionCount = versions.count;
      }
      const latest = versions.latest;
      if (latest) {
        kubeflow.latestVersion = latest.createdAt
          ? {
              id: latest.pipelineVersionId,
              name: latest.displayName,
              createdAt: latest.createdAt,
            }
          : { id: latest.pipelineVersionId, name: latest.displayName };
      }

      const metadata: Entity['metadata'] = {
        name,
        title: pipeline.displayName,
      };
      const description = pipeline.description?.trim();
      if (description) {
        metadata.description = description;
      }
      const annotations: Record<string, string> = {};
      annotations[ANNOTATION_LOCATION] = location;
      annotations[ANNOTATION_ORIGIN_LOCATION] = location;
      annotations[ANNOTATION_KUBEFLOW_PIPELINE_ID] = pipelineId;
      annotations[ANNOTATION_KUBEFLOW_INSTANCE] = instanceName;
      const reference = pipelineReference(pipeline);
      if (reference !== undefined) {
        annotations[ANNOTATION_KUBEFLOW_PIPELINE] = reference;
      }
      metadata.annotations = annotations;
      metadata.links = [
        {
          url: pipelineUrl(uiUrl, pipelineId),
          title: 'Kubeflow pipeline',
          icon: 'dashboard',
        },
      ];
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata,
        spec: {
          type: SPEC_TYPE_KUBEFLOW_PIPELINE,
          owner:
            (namespace ? namespaceOwners.get(namespace) : undefined) ??
            defaultOwner,
          kubeflow,
        },
      };
    },
  };
}

/**
 * What `kubeflow.org/pipeline` says, so that the entity's own Kubeflow tab finds its pipeline:
 * the display name where looking it up by name finds this pipeline (the backend reads a name
 * with `GET /pipelines/names/{name}`, which matches KFP's `name`), else the id (KFP's are
 * UUIDs); nothing when neither can be read back.
 */
function pipelineReference(pipeline: KubeflowPipeline): string | undefined {
  const { displayName, pipelineId } = pipeline;
  const resolvesByName =
    pipeline.name === displayName &&
    isAnnotationName(displayName) &&
    // A name that looks like an id would be read as one.
    !isKubeflowId(displayName);
  if (resolvesByName) {
    return displayName;
  }
  return isAnnotationName(pipelineId) ? pipelineId : undefined;
}

/** Whether the annotation reader takes the value as it is (not trimmed, not refused). */
function isAnnotationName(value: string): boolean {
  try {
    return parseKubeflowName(value) === value;
  } catch {
    return false;
  }
}
