import type { Sandbox, SandboxOptions, SystemId } from '@mlops-portal/sandbox';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The demo MLOps stack (`@mlops-portal/sandbox`) running on an ephemeral loopback port.
 *
 * @public
 */
export interface TestSandbox {
  /** The sandbox itself: its state, route table and request counters. */
  readonly sandbox: Sandbox;
  /** `http://127.0.0.1:<port>/<mount>` of a system, e.g. `baseUrl('mlflow2')`. */
  baseUrl(system: SystemId): string;
  /** Requests per route (`METHOD /path/template`) on a mount since the last reset. */
  routeCounts(system: SystemId): Record<string, number>;
  /** Restores the seeded state and zeroes the counters. */
  reset(): void;
  /** Stops listening. */
  stop(): Promise<void>;
}

/**
 * Starts the sandbox on an ephemeral port. It speaks the real upstream APIs (contract-tested),
 * so clients are tested with their real HTTP code against it. Needs `@mlops-portal/sandbox`.
 *
 * @public
 */
export async function startTestSandbox(
  options: SandboxOptions = {},
): Promise<TestSandbox> {
  // Loaded on use: it is an optional peer dependency, only needed by tests that start it. A
  // require, not import(): jest runs packages as CommonJS without VM modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createSandbox, MOUNTS } =
    require('@mlops-portal/sandbox') as typeof import('@mlops-portal/sandbox');
  const sandbox = createSandbox(options);
  const server: Server = await sandbox.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sandbox,
    baseUrl: system => `${origin}${MOUNTS[system]}`,
    routeCounts: system => ({
      ...sandbox.stats.snapshot().systems[system]?.routes,
    }),
    reset: () => sandbox.reset(),
    stop: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}

/**
 * {@link startTestSandbox} for the enclosing jest `describe`: started before its tests, reset
 * before each, stopped after them. Read it inside a test (`sandbox()`), once it has started.
 *
 * @public
 */
export function useTestSandbox(
  options: SandboxOptions = {},
): () => TestSandbox {
  let running: TestSandbox | undefined;
  beforeAll(async () => {
    running = await startTestSandbox(options);
  });
  afterAll(async () => {
    await running?.stop();
  });
  beforeEach(() => running?.reset());
  return () => {
    if (!running) {
      throw new Error('The test sandbox is used before it has started');
    }
    return running;
  };
}
