import { mockServices } from '@backstage/backend-test-utils';
import {
  AirflowClients,
  createAirflowClients,
} from '@mlops-portal/plugin-airflow-node';
import {
  mockReadCache,
  silentLogger,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';

/** The sandbox's Airflow 3 (`prod`, API v2) and Airflow 2 (`research`, API v1) mounts. */
export const SANDBOX_INSTANCES = [
  { name: 'prod', mount: 'airflow', uiUrl: 'https://airflow.example.com' },
  {
    name: 'research',
    mount: 'airflow2',
    uiUrl: 'https://airflow2.example.com',
  },
] as const;

/** How `airflow.instances` configures the sandbox's mounts (basic auth as admin). */
export function sandboxAirflowConfig(
  baseUrl: (mount: 'airflow' | 'airflow2') => string,
  extra: { cacheTtl?: { milliseconds: number } } = {},
) {
  return {
    airflow: {
      instances: SANDBOX_INSTANCES.map(instance => ({
        name: instance.name,
        baseUrl: baseUrl(instance.mount),
        uiUrl: instance.uiUrl,
        auth: { type: 'basic', username: 'admin', password: 'admin' },
        ...extra,
      })),
    },
  };
}

/**
 * The sandbox for the enclosing `describe` (both Airflow mounts share one state), real clients
 * of it, and the writes it received.
 */
export function useSandboxAirflowInstances() {
  const sandbox = useTestSandbox();
  return {
    sandbox,
    /** The sandbox's Airflow state (one for both mounts). */
    state: () => sandbox().sandbox.state.airflow,
    /** Real clients of both mounts, on one read cache (create them inside a test). */
    createClients(
      options: {
        /** The instances' `cacheTtl` in milliseconds; 0 (reads only coalesced) by default. */
        cacheTtl?: number;
        /** The read cache's clock. */
        now?: () => number;
      } = {},
    ): AirflowClients {
      return createAirflowClients({
        config: mockServices.rootConfig({
          data: sandboxAirflowConfig(mount => sandbox().baseUrl(mount), {
            cacheTtl: { milliseconds: options.cacheTtl ?? 0 },
          }),
        }),
        logger: silentLogger,
        readCache: mockReadCache({ now: options.now }),
      });
    },
    /** Requests that change Airflow, per route, on both mounts (signing in is none). */
    writes() {
      const counts: Record<string, number> = {};
      for (const mount of ['airflow', 'airflow2'] as const) {
        for (const [route, count] of Object.entries(
          sandbox().routeCounts(mount),
        )) {
          if (!route.startsWith('GET ') && route !== 'POST /auth/token') {
            counts[route] = (counts[route] ?? 0) + count;
          }
        }
      }
      return counts;
    },
    /** Every request the sandbox received. */
    requests: () => sandbox().sandbox.stats.snapshot().total,
  };
}
