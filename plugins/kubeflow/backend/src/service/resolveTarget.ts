import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_KUBEFLOW_EXPERIMENT,
  ANNOTATION_KUBEFLOW_PIPELINE,
  KubeflowAnnotations,
  KubeflowEntityTarget,
  readKubeflowAnnotations,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  getExperimentByNameOrId,
  getPipelineByNameOrId,
  kubeflowPipelineLocator,
  type KubeflowApi,
  type KubeflowClients,
  type KubeflowExperiment,
  type KubeflowPipeline,
} from '@mlops-portal/plugin-kubeflow-node';
import type { IngestedEntityLocator } from '@mlops-portal/plugin-mlops-node';

/**
 * An entity's Kubeflow annotations, read and checked, and the client of its instance.
 *
 * @internal
 */
export interface ResolvedEntity {
  /** The entity's full ref, as the catalog spells it. */
  entityRef: string;
  /** What its annotations name. */
  annotations: KubeflowAnnotations;
  /** The client of the entity's instance. */
  client: KubeflowApi;
  /** Where the objects live, before they are looked up: what a failed lookup reports. */
  base: KubeflowEntityTarget;
  /** Where the Kubeflow provider's entity of a pipeline is: what writes on it are authorized against. */
  locator(
    pipeline: Pick<KubeflowPipeline, 'pipelineId' | 'displayName'>,
  ): IngestedEntityLocator;
}

/**
 * An entity's Kubeflow objects, looked up on its instance.
 *
 * @internal
 */
export interface ResolvedTarget extends ResolvedEntity {
  /** What the routes report as `target`. */
  target: KubeflowEntityTarget;
  /** The pipeline of `kubeflow.org/pipeline`. */
  pipeline?: KubeflowPipeline;
  /** The experiment of `kubeflow.org/experiment`. */
  experiment?: KubeflowExperiment;
}

/**
 * Reads an entity's Kubeflow annotations and picks its instance's client; no upstream call.
 *
 * @throws InputError for malformed annotations, for an entity with neither a pipeline nor an
 * experiment annotation, or for an instance that is not configured (naming the configured ones);
 * NotFoundError when no instance is configured at all
 *
 * @internal
 */
export function resolveEntity(
  entity: Entity,
  clients: KubeflowClients,
): ResolvedEntity {
  const entityRef = stringifyEntityRef(entity);
  const annotations = readKubeflowAnnotations(entity);
  if (!annotations.pipeline && !annotations.experiment) {
    throw new InputError(
      `Entity '${entityRef}' has neither a '${ANNOTATION_KUBEFLOW_PIPELINE}' nor a '${ANNOTATION_KUBEFLOW_EXPERIMENT}' annotation, one of which is needed to show Kubeflow Pipelines`,
    );
  }
  const client = clients.forInstance(annotations.instance);
  const { instance } = client;
  return {
    entityRef,
    annotations,
    client,
    base: { instance: instance.name, uiUrl: instance.uiUrl },
    locator: pipeline =>
      kubeflowPipelineLocator(clients.instances, instance.name, pipeline),
  };
}

/**
 * Looks up the pipeline and experiment the annotations name (by id when the value is a KFP id,
 * else by name); both reads go through the client's read cache.
 *
 * @throws NotFoundError naming the annotation when the instance has no such object
 *
 * @internal
 */
export async function resolveObjects(
  resolved: ResolvedEntity,
): Promise<ResolvedTarget> {
  const { annotations } = resolved;
  const [pipeline, experiment] = await Promise.all([
    annotations.pipeline === undefined
      ? undefined
      : named(
          resolved,
          ANNOTATION_KUBEFLOW_PIPELINE,
          annotations.pipeline,
          () => getPipelineByNameOrId(resolved.client, annotations.pipeline!),
        ),
    annotations.experiment === undefined
      ? undefined
      : named(
          resolved,
          ANNOTATION_KUBEFLOW_EXPERIMENT,
          annotations.experiment,
          () =>
            getExperimentByNameOrId(resolved.client, annotations.experiment!),
        ),
  ]);
  return {
    ...resolved,
    pipeline,
    experiment,
    target: {
      ...resolved.base,
      ...(pipeline && {
        pipeline: { id: pipeline.pipelineId, name: pipeline.displayName },
      }),
      ...(experiment && {
        experiment: {
          id: experiment.experimentId,
          name: experiment.displayName,
        },
      }),
    },
  };
}

/**
 * An InputError, before any upstream call, when a route needs the pipeline annotation.
 *
 * @internal
 */
export function requirePipelineAnnotation(
  resolved: ResolvedEntity,
  what: string,
): void {
  if (!resolved.annotations.pipeline) {
    throw new InputError(
      `Entity '${resolved.entityRef}' has no '${ANNOTATION_KUBEFLOW_PIPELINE}' annotation, which is needed to ${what}`,
    );
  }
}

/**
 * The pipeline, or an InputError saying the route needs the pipeline annotation.
 *
 * @internal
 */
export function requirePipeline(
  resolved: ResolvedTarget,
  what: string,
): KubeflowPipeline {
  requirePipelineAnnotation(resolved, what);
  // resolveObjects looked up every annotated object, or threw.
  return resolved.pipeline!;
}

/**
 * Whether an object that names a pipeline and an experiment is one of the entity's.
 *
 * @internal
 */
export function isEntityObject(
  resolved: ResolvedTarget,
  object: { pipelineId?: string; experimentId?: string },
): boolean {
  return Boolean(
    (resolved.pipeline && object.pipelineId === resolved.pipeline.pipelineId) ||
      (resolved.experiment &&
        object.experimentId === resolved.experiment.experimentId),
  );
}

/**
 * What the entity leads to, for messages: `pipeline 'x' or experiment 'y'`.
 *
 * @internal
 */
export function describeEntityObjects(resolved: ResolvedTarget): string {
  return [
    resolved.pipeline && `pipeline '${resolved.pipeline.displayName}'`,
    resolved.experiment && `experiment '${resolved.experiment.displayName}'`,
  ]
    .filter(Boolean)
    .join(' or ');
}

async function named<T>(
  resolved: ResolvedEntity,
  annotation: string,
  value: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ((error as Error | undefined)?.name !== 'NotFoundError') {
      throw error;
    }
    throw new NotFoundError(
      `Entity '${resolved.entityRef}' names '${value}' in '${annotation}', which Kubeflow Pipelines instance '${resolved.base.instance}' does not have`,
    );
  }
}
