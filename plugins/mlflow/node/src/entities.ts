import {
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
  MLFLOW_SYSTEM,
} from '@mlops-portal/plugin-mlflow-common';
import { toEntityName } from '@mlops-portal/plugin-mlops-common';
import {
  IngestedEntityLocator,
  providerLocationRef,
} from '@mlops-portal/plugin-mlops-node';
import { MlflowInstanceConfig } from './MlflowApi';
import { MlflowRegisteredModel } from './types';

/**
 * The tag MLflow 3 sets on registered models that hold prompts, not ML models.
 *
 * @public
 */
export const MLFLOW_PROMPT_TAG = 'mlflow.prompt.is_prompt';

/**
 * Whether a registered model is an MLflow 3 prompt (tagged `mlflow.prompt.is_prompt=true`).
 *
 * @public
 */
export function isMlflowPrompt(
  model: Pick<MlflowRegisteredModel, 'tags'>,
): boolean {
  return (model.tags ?? []).some(
    tag =>
      tag.key === MLFLOW_PROMPT_TAG &&
      tag.value.trim().toLowerCase() === 'true',
  );
}

/**
 * The name of the `ml-model` Resource the MLflow provider ingests for a registered model: the
 * model name made a valid entity name, prefixed with the instance name on every instance but the
 * default (first) one, so two registries' `fraud-detector` models never collide.
 *
 * @public
 */
export function mlflowModelEntityName(
  instances: readonly MlflowInstanceConfig[],
  instance: string,
  model: string,
): string {
  const prefix = instances[0]?.name === instance ? undefined : instance;
  return toEntityName(model, { prefix });
}

/**
 * Where the `ml-model` Resource of a registered model is and how to recognise it: what write
 * authority is checked against (the MLflow provider writes exactly this).
 *
 * @public
 */
export function mlflowModelLocator(
  instances: readonly MlflowInstanceConfig[],
  instance: string,
  model: string,
): IngestedEntityLocator {
  return {
    entityRef: `resource:default/${mlflowModelEntityName(
      instances,
      instance,
      model,
    )}`,
    managedByLocation: providerLocationRef(MLFLOW_SYSTEM, instance),
    annotations: {
      [ANNOTATION_MLFLOW_REGISTERED_MODEL]: model,
      [ANNOTATION_MLFLOW_INSTANCE]: instance,
    },
    provider: 'the MLflow catalog provider',
    description: `MLflow registered model '${model}' on instance '${instance}'`,
  };
}
