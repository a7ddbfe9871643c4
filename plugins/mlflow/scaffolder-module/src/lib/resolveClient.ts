import { MlflowApi, MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import { selectInstance } from '@mlops-portal/plugin-mlops-node';

/**
 * The client of the named MLflow instance, or of the default (first configured) one when no
 * name is given. An unknown name is an InputError listing the configured instances; no
 * instances at all is a NotFoundError.
 */
export function resolveClient(
  clients: MlflowClients,
  instance: string | undefined,
): MlflowApi {
  const selected = selectInstance(clients.instances, 'mlflow', instance);
  return clients.forInstance(selected.name);
}
