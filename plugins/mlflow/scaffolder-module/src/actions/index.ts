export {
  createMlflowExperimentCreateAction,
  DRY_RUN_EXPERIMENT_ID,
  MLFLOW_EXPERIMENT_CREATE_ACTION_ID,
} from './mlflowExperimentCreate';
export {
  createMlflowModelRegisterAction,
  MLFLOW_MODEL_REGISTER_ACTION_ID,
} from './mlflowModelRegister';
