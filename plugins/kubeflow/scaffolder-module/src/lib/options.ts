import type { KubeflowClients } from '@mlops-portal/plugin-kubeflow-node';
import type { WritePipeline } from '@mlops-portal/plugin-mlops-node';

/**
 * What the Kubeflow scaffolder actions are built from.
 *
 * @public
 */
export interface KubeflowScaffolderActionOptions {
  /** The Kubeflow clients (`kubeflowClientsServiceRef`). */
  clients: KubeflowClients;
  /**
   * Authorizes (against the pipeline's ingested `kubeflow-pipeline` entity, or the create
   * permission for a new pipeline), audits and makes every write (`writePipelineServiceRef`).
   */
  pipeline: WritePipeline;
}
