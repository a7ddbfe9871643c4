export { isKubeflowAvailable } from '@mlops-portal/plugin-kubeflow-common';
