import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import { WritePipeline } from '@mlops-portal/plugin-mlops-node';

/**
 * What the MLflow scaffolder actions are built from.
 *
 * @public
 */
export interface MlflowScaffolderActionOptions {
  /** The MLflow clients (`mlflowClientsServiceRef`). */
  clients: MlflowClients;
  /**
   * Authorizes, audits and makes every create (`writePipelineServiceRef`); dry runs ask it
   * whether the task's initiator may create, without writing.
   */
  pipeline: WritePipeline;
}
