/**
 * Test utilities for code built on the Airflow client: instance configs, an in-memory Airflow
 * (API v1 and v2) with real clients, and the sandbox's Airflow (3 and 2) with real clients.
 *
 * @packageDocumentation
 */

export { airflowInstanceConfig } from './builders';
export {
  FakeAirflow,
  fakeAirflowClients,
  type FakeAirflowClientOptions,
  type FakeAirflowOptions,
} from './FakeAirflow';
export type { FakeAirflowDag, FakeAirflowRun } from './fakeAirflowBodies';
export { useSandboxAirflow, type SandboxAirflowInstance } from './sandbox';
