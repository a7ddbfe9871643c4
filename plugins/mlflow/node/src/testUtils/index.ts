/**
 * Test utilities for code built on the MLflow client: an in-memory MLflow, builders of MLflow
 * objects, and the sandbox's MLflow with real clients.
 *
 * @packageDocumentation
 */

export {
  FakeMlflow,
  mlflowTags,
  type FakeMlflowData,
  type FakeMlflowMethod,
} from './FakeMlflow';
export {
  mlflowInstanceConfig,
  mlflowRun,
  modelVersion,
  registeredModel,
} from './builders';
export { mockMlflowClients } from './clients';
export { useSandboxMlflow, type SandboxMlflowInstance } from './sandbox';
