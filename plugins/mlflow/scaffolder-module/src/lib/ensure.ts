import { ConflictError, isError } from '@backstage/errors';
import {
  mlflowExperimentCreatePermission,
  mlflowModelCreatePermission,
} from '@mlops-portal/plugin-mlflow-common';
import { MlflowTag } from '@mlops-portal/plugin-mlflow-node';
import { MlflowObjectKind } from './ensureStep';

/**
 * The `experimentId` a dry run reports for an experiment it would create (MLflow assigns the real id).
 *
 * @public
 */
export const DRY_RUN_EXPERIMENT_ID = 'dry-run';

/**
 * What `mlflow:experiment:create` found or did.
 *
 * @internal
 */
export type ExperimentOutcome = { experimentId: string; created: boolean };

/**
 * What `mlflow:model:register` found or did.
 *
 * @internal
 */
export type RegisteredModelOutcome = {
  created: boolean;
  /** The model's tags: those it was created with, or those it already had. */
  tags: Record<string, string>;
};

/**
 * An experiment to create: its name, artifact location and tags.
 *
 * @internal
 */
export type ExperimentRequest = {
  name: string;
  artifactLocation?: string;
  tags: MlflowTag[];
};

/**
 * A registered model to create: its name, description and tags.
 *
 * @internal
 */
export type RegisteredModelRequest = {
  name: string;
  description?: string;
  tags: MlflowTag[];
};

/**
 * MLflow experiments, as `mlflow:experiment:create` makes sure one exists.
 *
 * @internal
 */
export const experiments: MlflowObjectKind<
  ExperimentRequest,
  ExperimentOutcome
> = {
  noun: 'MLflow experiment',
  checkpoint: 'mlflow.experiment.create',
  permission: mlflowExperimentCreatePermission,
  untouched: 'its artifact location and tags',
  idOf: outcome => outcome.experimentId,
  async find(client, name) {
    const experiment = await unlessAbsent(client.getExperimentByName(name));
    if (!experiment) {
      return undefined;
    }
    // MLflow keeps a deleted experiment's name taken until it is restored or garbage-collected.
    if (experiment.lifecycle_stage === 'deleted') {
      throw new ConflictError(
        `MLflow experiment '${experiment.name}' (id ${experiment.experiment_id}) on instance '${client.instance.name}' is deleted; restore it in MLflow or choose another name`,
      );
    }
    return { experimentId: experiment.experiment_id, created: false };
  },
  async create(client, { name, artifactLocation, tags }) {
    const { experimentId } = await client.createExperiment({
      name,
      ...(artifactLocation && { artifactLocation }),
      ...(tags.length > 0 && { tags }),
    });
    return { experimentId, created: true };
  },
  describe: ({ name, artifactLocation, tags }) => ({
    experiment: name,
    ...(artifactLocation && { artifactLocation }),
    tags: tagMap(tags),
  }),
  dryRunOutcome: { experimentId: DRY_RUN_EXPERIMENT_ID, created: true },
};

/**
 * MLflow registered models, as `mlflow:model:register` makes sure one exists; an existing model
 * is reused as it is.
 *
 * @internal
 */
export const registeredModels: MlflowObjectKind<
  RegisteredModelRequest,
  RegisteredModelOutcome
> = {
  noun: 'MLflow registered model',
  checkpoint: 'mlflow.model.register',
  permission: mlflowModelCreatePermission,
  untouched: 'its description and tags',
  async find(client, name) {
    const model = await unlessAbsent(client.getRegisteredModel(name));
    return model && { created: false, tags: tagMap(model.tags) };
  },
  async create(client, { name, description, tags }) {
    await client.createRegisteredModel({
      name,
      ...(description && { description }),
      ...(tags.length > 0 && { tags }),
    });
    return { created: true, tags: tagMap(tags) };
  },
  describe: ({ name, tags }) => ({ model: name, tags: tagMap(tags) }),
  dryRunOutcome: { created: true, tags: {} },
};

/** The read's result, or undefined when MLflow says the object does not exist. */
async function unlessAbsent<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isError(error) && error.name === 'NotFoundError') {
      return undefined;
    }
    throw error;
  }
}

function tagMap(tags: MlflowTag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map(tag => [tag.key, tag.value]));
}
