import { ConfigReader } from '@backstage/config';
import {
  mockReadCache,
  silentLogger,
  TestSandbox,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import type { AirflowClients } from '@mlops-portal/plugin-airflow-node';
import { createAirflowClients } from '../createAirflowClients';

/**
 * A configured Airflow instance of the sandbox: the name, which mount serves it (`airflow` is
 * Airflow 3, `airflow2` Airflow 2) and, optionally, its config keys.
 *
 * @public
 */
export type SandboxAirflowInstance = {
  name: string;
  mount: 'airflow' | 'airflow2';
  apiVersion?: 'v1' | 'v2' | 'auto';
  pageSize?: number;
};

/**
 * The sandbox's Airflow (the real REST APIs, contract-tested; user `admin`, password `admin`)
 * for the enclosing `describe`: started before its tests, reset before each;
 * `createClients()` gives real clients of the instances.
 *
 * @public
 */
export function useSandboxAirflow(
  instances: SandboxAirflowInstance[] = [{ name: 'sandbox', mount: 'airflow' }],
  options: { fetch?: typeof fetch } = {},
): {
  /** The running sandbox (inside a test). */
  sandbox: () => TestSandbox;
  /** Real clients of the instances, on one read cache (create them inside a test). */
  createClients(): AirflowClients;
} {
  const sandbox = useTestSandbox();
  return {
    sandbox,
    createClients: () =>
      createAirflowClients({
        config: new ConfigReader({
          airflow: {
            instances: instances.map(instance => ({
              name: instance.name,
              baseUrl: sandbox().baseUrl(instance.mount),
              auth: { type: 'basic', username: 'admin', password: 'admin' },
              ...(instance.apiVersion && { apiVersion: instance.apiVersion }),
              ...(instance.pageSize && { pageSize: instance.pageSize }),
            })),
          },
        }),
        logger: silentLogger,
        readCache: mockReadCache(),
        fetch: options.fetch,
      }),
  };
}
