export {
  createKserveInferenceServiceApplyAction,
  DEFAULT_KSERVE_FIELD_MANAGER,
  KSERVE_INFERENCE_SERVICE_APPLY_ACTION_ID,
} from './applyInferenceService';
