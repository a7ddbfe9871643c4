export {
  createKubeflowPipelineUploadAction,
  KUBEFLOW_PIPELINE_UPLOAD_ACTION_ID,
} from './kubeflowPipelineUpload';
export {
  createKubeflowRunCreateAction,
  KUBEFLOW_RUN_CREATE_ACTION_ID,
} from './kubeflowRunCreate';
