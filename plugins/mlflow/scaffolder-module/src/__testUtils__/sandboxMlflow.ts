import { mockServices } from '@backstage/backend-test-utils';
import {
  createMlflowClients,
  MlflowClients,
} from '@mlops-portal/plugin-mlflow-node';
import { createSandbox, Sandbox } from '@mlops-portal/sandbox';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A configured MLflow instance of the sandbox: its mount and UI URL. */
export type SandboxInstance = {
  name: string;
  mount: 'mlflow' | 'mlflow2';
  uiUrl: string;
};

/**
 * Starts the sandbox on an ephemeral port for the enclosing describe block (reset before each
 * test) and creates real MlflowClients for the given instances.
 */
export function useSandboxMlflow(instances: SandboxInstance[]) {
  const sandbox: Sandbox = createSandbox();
  let server: Server | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    server = await sandbox.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise(resolve => server?.close(resolve));
  });
  beforeEach(() => sandbox.reset());

  return {
    sandbox,
    /** `http://127.0.0.1:<port>` of the running sandbox. */
    baseUrl: () => baseUrl,
    /** Real clients of the instances (create them inside a test: the port is known then). */
    createClients(): MlflowClients {
      return createMlflowClients({
        config: mockServices.rootConfig({
          data: {
            mlflow: {
              instances: instances.map(instance => ({
                name: instance.name,
                baseUrl: `${baseUrl}/${instance.mount}`,
                uiUrl: instance.uiUrl,
                majorVersion: instance.mount === 'mlflow2' ? 2 : 3,
              })),
            },
          },
        }),
        logger: mockServices.logger.mock(),
        cache: mockServices.cache.mock(),
      });
    },
    /** Requests that changed MLflow so far, per route, on every mount. */
    writes(): Record<string, number> {
      const counts: Record<string, number> = {};
      for (const system of Object.values(sandbox.stats.snapshot().systems)) {
        for (const [route, count] of Object.entries(system.routes)) {
          if (!route.startsWith('GET ')) {
            counts[route] = (counts[route] ?? 0) + count;
          }
        }
      }
      return counts;
    },
  };
}
