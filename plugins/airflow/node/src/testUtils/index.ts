/**
 * Test utilities for code built on the Airflow client: instance configs and the sandbox's
 * Airflow (3 and 2) with real clients.
 *
 * @packageDocumentation
 */

export { airflowInstanceConfig } from './builders';
export { useSandboxAirflow, type SandboxAirflowInstance } from './sandbox';
