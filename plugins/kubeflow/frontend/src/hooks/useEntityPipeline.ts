import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { KubeflowPipelineResponse } from '@mlops-portal/plugin-kubeflow-common';
import { useEntityRef } from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../api/KubeflowBackendApi';

/** The entity's pipeline as read once (its versions rarely change while the page is open). */
export function useEntityPipeline(): {
  value?: KubeflowPipelineResponse;
  loading: boolean;
  error?: Error;
} {
  const api = useApi(kubeflowApiRef);
  const entityRef = useEntityRef();
  return useAsync(() => api.getPipeline(entityRef), [api, entityRef]);
}
