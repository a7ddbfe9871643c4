/**
 * The scaffolder action behind the model-project template: `mlops:model-project:plan`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleModelProject as default } from './module';
export {
  createModelProjectPlanAction,
  MODEL_PROJECT_PLAN_ACTION_ID,
} from './actions/modelProjectPlan';
export {
  MAX_PROJECT_NAME_LENGTH,
  planProjectNames,
  type ModelProjectNames,
} from './lib/names';
export {
  MODEL_PROJECT_PUBLISHERS,
  planRepository,
  type ModelProjectPublisher,
  type RepositoryPlan,
} from './lib/repository';
export {
  MODEL_PROJECT_DELIVERIES,
  planServing,
  type ServingPlan,
} from './lib/serving';
export {
  MODEL_PROJECT_ENVIRONMENTS,
  MODEL_PROJECT_FRAMEWORKS,
  MODEL_PROJECT_ORCHESTRATORS,
  planModelProject,
  type ModelProjectRequest,
  type ModelProjectValues,
} from './lib/values';
