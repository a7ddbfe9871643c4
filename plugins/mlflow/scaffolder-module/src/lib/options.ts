import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import {
  IngestedEntityAuthority,
  WritePipeline,
} from '@mlops-portal/plugin-mlops-node';

/**
 * What the MLflow scaffolder actions are built from.
 *
 * @public
 */
export interface MlflowScaffolderActionOptions {
  /** The MLflow clients (`mlflowClientsServiceRef`). */
  clients: MlflowClients;
  /** Answers whether the task's initiator may create; dry runs ask it without writing. */
  authority: IngestedEntityAuthority;
  /** Authorizes, audits and makes every create. */
  pipeline: WritePipeline;
}
