import { ConflictError } from '@backstage/errors';
import {
  MlflowApi,
  MlflowExperiment,
  MlflowRegisteredModel,
  MlflowTag,
} from '@mlops-portal/plugin-mlflow-node';
import { isAlreadyExistsError, isNotFoundError } from './upstreamErrors';

// Outcomes are type aliases (not interfaces) so that they are JSON values a checkpoint can store.

/** What {@link ensureExperiment} found or did. */
export type ExperimentOutcome = {
  experimentId: string;
  /** False when an experiment of that name already existed and was reused. */
  created: boolean;
};

/** What {@link ensureRegisteredModel} found or did. */
export type RegisteredModelOutcome = {
  /** False when a registered model of that name already existed and was reused. */
  created: boolean;
  /** The model's tags: those it was created with, or those it already had. */
  tags: Record<string, string>;
};

/** The experiment of that name (active or deleted), or undefined when there is none. */
export async function findExperiment(
  client: MlflowApi,
  name: string,
): Promise<MlflowExperiment | undefined> {
  try {
    return await client.getExperimentByName(name);
  } catch (error) {
    if (isNotFoundError(error)) {
      return undefined;
    }
    throw error;
  }
}

/** The registered model of that name, or undefined when there is none. */
export async function findRegisteredModel(
  client: MlflowApi,
  name: string,
): Promise<MlflowRegisteredModel | undefined> {
  try {
    return await client.getRegisteredModel(name);
  } catch (error) {
    if (isNotFoundError(error)) {
      return undefined;
    }
    throw error;
  }
}

/**
 * An existing experiment as an outcome; a deleted one cannot be reused (MLflow keeps its name
 * taken until it is restored or garbage-collected), so that is a ConflictError.
 */
export function reuseExperiment(
  client: MlflowApi,
  experiment: MlflowExperiment,
): ExperimentOutcome {
  if (experiment.lifecycle_stage === 'deleted') {
    throw new ConflictError(
      `MLflow experiment '${experiment.name}' (id ${experiment.experiment_id}) on instance '${client.instance.name}' is deleted; restore it in MLflow or choose another name`,
    );
  }
  return { experimentId: experiment.experiment_id, created: false };
}

/**
 * Creates the experiment unless one of that name exists. A create that loses a race with a
 * concurrent one (RESOURCE_ALREADY_EXISTS) reuses the winner's experiment.
 */
export async function ensureExperiment(
  client: MlflowApi,
  request: { name: string; artifactLocation?: string; tags: MlflowTag[] },
): Promise<ExperimentOutcome> {
  const existing = await findExperiment(client, request.name);
  if (existing) {
    return reuseExperiment(client, existing);
  }
  try {
    const { experimentId } = await client.createExperiment({
      name: request.name,
      ...(request.artifactLocation && {
        artifactLocation: request.artifactLocation,
      }),
      ...(request.tags.length > 0 && { tags: request.tags }),
    });
    return { experimentId, created: true };
  } catch (error) {
    if (!isAlreadyExistsError(error)) {
      throw error;
    }
    const winner = await findExperiment(client, request.name);
    if (!winner) {
      throw error;
    }
    return reuseExperiment(client, winner);
  }
}

/** An existing registered model as an outcome: reused as it is, with its tags. */
export function reuseRegisteredModel(
  model: MlflowRegisteredModel,
): RegisteredModelOutcome {
  return { created: false, tags: tagMap(model.tags) };
}

/**
 * Creates the registered model unless one of that name exists; an existing model is left as it
 * is. A create that loses a race with a concurrent one reuses the winner's model.
 */
export async function ensureRegisteredModel(
  client: MlflowApi,
  request: { name: string; description?: string; tags: MlflowTag[] },
): Promise<RegisteredModelOutcome> {
  const existing = await findRegisteredModel(client, request.name);
  if (existing) {
    return reuseRegisteredModel(existing);
  }
  try {
    await client.createRegisteredModel({
      name: request.name,
      ...(request.description && { description: request.description }),
      ...(request.tags.length > 0 && { tags: request.tags }),
    });
    return { created: true, tags: tagMap(request.tags) };
  } catch (error) {
    if (!isAlreadyExistsError(error)) {
      throw error;
    }
    const winner = await findRegisteredModel(client, request.name);
    if (!winner) {
      throw error;
    }
    return reuseRegisteredModel(winner);
  }
}

function tagMap(tags: MlflowTag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map(tag => [tag.key, tag.value]));
}
