export {
  createMlflowExperimentCreateAction,
  MLFLOW_EXPERIMENT_CREATE_ACTION_ID,
} from './mlflowExperimentCreate';
export { DRY_RUN_EXPERIMENT_ID } from '../lib/ensure';
export {
  createMlflowModelRegisterAction,
  MLFLOW_MODEL_REGISTER_ACTION_ID,
} from './mlflowModelRegister';
export type { MlflowScaffolderActionOptions } from '../lib/options';
