import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  mockReadCache,
  silentLogger,
  TestSandbox,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import type {
  KubeflowClients,
  KubeflowMultiUserConfig,
} from '@mlops-portal/plugin-kubeflow-node';
import type { SandboxOptions } from '@mlops-portal/sandbox';
import { createKubeflowClients } from '../createKubeflowClients';

/**
 * A configured Kubeflow Pipelines instance of the sandbox: its name and, optionally, its config
 * keys (multi-user as `kubeflow.instances[].multiUser` takes it).
 *
 * @public
 */
export type SandboxKubeflowInstance = {
  name: string;
  pageSize?: number;
  defaultExperiment?: string;
  multiUser?: Partial<Pick<KubeflowMultiUserConfig, 'userIdHeader'>> &
    Pick<KubeflowMultiUserConfig, 'userId' | 'namespace'>;
};

/**
 * The sandbox's Kubeflow Pipelines (the real REST API v2beta1, contract-tested; the story's
 * pipelines, runs and recurring runs; bearer token auth; multi-user answers for requests with
 * the user-id header) for the enclosing `describe`: started before its tests, reset before
 * each; `createClients()` gives real clients of the instances.
 *
 * @public
 */
export function useSandboxKubeflow(
  instances: SandboxKubeflowInstance[] = [{ name: 'sandbox' }],
  options: { fetch?: typeof fetch; sandbox?: SandboxOptions } = {},
): {
  /** The running sandbox (inside a test). */
  sandbox: () => TestSandbox;
  /** Real clients of the instances, on one read cache (create them inside a test). */
  createClients(): KubeflowClients;
} {
  const sandbox = useTestSandbox(options.sandbox);
  return {
    sandbox,
    createClients: () => {
      const running = sandbox();
      const token = running.sandbox.options.kubeflow.token;
      return createKubeflowClients({
        config: new ConfigReader({
          kubeflow: {
            instances: instances.map(
              (instance): JsonObject => ({
                name: instance.name,
                baseUrl: running.baseUrl('kubeflow'),
                auth: { type: 'bearer', token },
                ...(instance.pageSize && { pageSize: instance.pageSize }),
                ...(instance.defaultExperiment && {
                  defaultExperiment: instance.defaultExperiment,
                }),
                ...(instance.multiUser && { multiUser: instance.multiUser }),
              }),
            ),
          },
        }),
        logger: silentLogger,
        readCache: mockReadCache(),
        fetch: options.fetch,
      });
    },
  };
}
