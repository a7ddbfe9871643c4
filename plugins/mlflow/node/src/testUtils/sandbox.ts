import { ConfigReader } from '@backstage/config';
import {
  mockReadCache,
  silentLogger,
  TestSandbox,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { createMlflowClients } from '../createMlflowClients';
import type { MlflowClients } from '@mlops-portal/plugin-mlflow-node';

/**
 * A configured MLflow instance of the sandbox: the name, which mount serves it (`mlflow` is
 * MLflow 3, `mlflow2` MLflow 2) and its UI URL.
 *
 * @public
 */
export type SandboxMlflowInstance = {
  name: string;
  mount: 'mlflow' | 'mlflow2';
  uiUrl?: string;
};

/**
 * The sandbox's MLflow (the real REST API, contract-tested) for the enclosing `describe`: started
 * before its tests, reset before each; `createClients()` gives real clients of the instances.
 *
 * @public
 */
export function useSandboxMlflow(
  instances: SandboxMlflowInstance[] = [{ name: 'sandbox', mount: 'mlflow' }],
): {
  /** The running sandbox (inside a test). */
  sandbox: () => TestSandbox;
  /** Real clients of the instances, on one read cache (create them inside a test). */
  createClients(): MlflowClients;
  /** Requests that changed MLflow so far, per route, on every MLflow mount. */
  writes(): Record<string, number>;
} {
  const sandbox = useTestSandbox();
  return {
    sandbox,
    createClients: () =>
      createMlflowClients({
        config: new ConfigReader({
          mlflow: {
            instances: instances.map(instance => ({
              name: instance.name,
              baseUrl: sandbox().baseUrl(instance.mount),
              ...(instance.uiUrl && { uiUrl: instance.uiUrl }),
              majorVersion: instance.mount === 'mlflow2' ? 2 : 3,
            })),
          },
        }),
        logger: silentLogger,
        readCache: mockReadCache(),
      }),
    writes() {
      const counts: Record<string, number> = {};
      for (const mount of ['mlflow', 'mlflow2'] as const) {
        for (const [route, count] of Object.entries(
          sandbox().routeCounts(mount),
        )) {
          // runs/search is a POST that only reads
          if (!route.startsWith('GET ') && !route.endsWith('/runs/search')) {
            counts[route] = (counts[route] ?? 0) + count;
          }
        }
      }
      return counts;
    },
  };
}
