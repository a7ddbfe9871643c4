import { setupServer } from 'msw/node';
import {
  silentLogger,
  mockReadCache,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import type { ReadCache } from '@mlops-portal/plugin-mlops-node';
import type { KserveClusterConfig } from '../KserveApi';
import { KserveClient, KserveClientOptions } from '../KserveClient';
import { fakeClusterConfig } from '../testUtils';

/** A cluster URL with a path prefix, as behind a proxy or the demo's sandbox. */
export const CLUSTER_URL = 'http://k8s.test/proxy/k8s';
/** Where InferenceServices are below it. */
export const ISVC_API = `${CLUSTER_URL}/apis/serving.kserve.io/v1beta1`;

/** An msw server for one test file: listening, reset after each test, errors on the unknown. */
export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A client of {@link CLUSTER_URL} that sends through the global fetch msw intercepts. */
export function mswClient(
  cluster: Partial<KserveClusterConfig> = {},
  options: Partial<Omit<KserveClientOptions, 'instance'>> & {
    readCache?: ReadCache;
  } = {},
): KserveClient {
  return new KserveClient({
    instance: fakeClusterConfig('prod', {
      baseUrl: CLUSTER_URL,
      uiUrl: CLUSTER_URL,
      ...cluster,
    }),
    logger: silentLogger,
    // Looked up per call: msw replaces the global fetch when it starts listening.
    fetch: (input, init) => fetch(input, init),
    sleep: async () => undefined,
    readCache: mockReadCache(),
    ...options,
  });
}

/** A list answer as the API server sends it. */
export function listBody(
  items: unknown[],
  resourceVersion = '42',
  next?: string,
) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceServiceList',
    metadata: { resourceVersion, ...(next && { continue: next }) },
    items,
  };
}

/** A Kubernetes `Status` error body. */
export function statusBody(
  code: number,
  reason: string,
  message: string,
  causes?: Array<{ field?: string; message?: string; reason?: string }>,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
    ...(causes && { details: { causes } }),
  };
}
