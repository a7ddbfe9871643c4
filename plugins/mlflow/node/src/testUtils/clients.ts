import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import { mockInstanceClients } from '@mlops-portal/plugin-mlops-node/testUtils';
import type {
  MlflowApi,
  MlflowClients,
  MlflowInstanceConfig,
} from '@mlops-portal/plugin-mlflow-node';

/**
 * `MlflowClients` over given clients (fakes or real ones); the first is the default instance,
 * and instance selection behaves as in production.
 *
 * @public
 */
export function mockMlflowClients(...clients: MlflowApi[]): MlflowClients {
  return mockInstanceClients<MlflowApi, MlflowInstanceConfig>(
    MLFLOW_SYSTEM,
    clients,
  );
}
