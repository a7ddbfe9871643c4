import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_MLFLOW_EXPERIMENT,
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
  MlflowEntityTarget,
  readMlflowAnnotations,
} from '@mlops-portal/plugin-mlflow-common';
import {
  mlflowModelLocator,
  type MlflowApi,
  type MlflowClients,
} from '@mlops-portal/plugin-mlflow-node';
import type { IngestedEntityLocator } from '@mlops-portal/plugin-mlops-node';

/** An entity's MLflow data: where it lives and the client to reach it. */
export interface ResolvedTarget {
  /** The entity's full ref, as the catalog spells it. */
  entityRef: string;
  /** What the routes report as `target`. */
  target: MlflowEntityTarget;
  /** The client of the entity's instance. */
  client: MlflowApi;
  /** Where the MLflow provider's entity of the annotated model is; what writes are authorized against. */
  modelLocator?: IngestedEntityLocator;
}

/**
 * Resolves an entity's MLflow annotations to its instance and client.
 *
 * @throws InputError for a malformed annotation or an instance that is not configured
 * (naming the configured ones); NotFoundError when no instance is configured at all
 */
export function resolveTarget(
  entity: Entity,
  clients: MlflowClients,
): ResolvedTarget {
  const annotations = readMlflowAnnotations(entity);
  const client = clients.forInstance(annotations.instance);
  const { instance } = client;
  return {
    entityRef: stringifyEntityRef(entity),
    target: {
      instance: instance.name,
      majorVersion: instance.majorVersion,
      uiUrl: instance.uiUrl,
      ...(annotations.experiment && { experiment: annotations.experiment }),
      ...(annotations.registeredModel && {
        registeredModel: annotations.registeredModel,
      }),
    },
    client,
    ...(annotations.registeredModel && {
      modelLocator: mlflowModelLocator(
        clients.instances,
        instance.name,
        annotations.registeredModel,
      ),
    }),
  };
}

/** The experiment annotation, or an InputError saying a route needs it. */
export function requireExperiment(resolved: ResolvedTarget): string {
  return requireAnnotated(
    resolved,
    resolved.target.experiment,
    ANNOTATION_MLFLOW_EXPERIMENT,
    'runs',
  );
}

/** The registered model annotation and its locator, or an InputError saying a route needs it. */
export function requireRegisteredModel(resolved: ResolvedTarget): {
  model: string;
  locator: IngestedEntityLocator;
} {
  const model = requireAnnotated(
    resolved,
    resolved.target.registeredModel,
    ANNOTATION_MLFLOW_REGISTERED_MODEL,
    'a registered model',
  );
  return { model, locator: resolved.modelLocator! };
}

function requireAnnotated(
  resolved: ResolvedTarget,
  value: string | undefined,
  annotation: string,
  what: string,
): string {
  if (value === undefined) {
    throw new InputError(
      `Entity '${resolved.entityRef}' has no '${annotation}' annotation, which is needed to show ${what}`,
    );
  }
  return value;
}
