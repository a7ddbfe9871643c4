/**
 * Test utilities for the MLOps Portal systems: instance configs, upstream errors as the HTTP layer
 * throws them, an in-memory cache and read cache, clients-service mocks, loggers, a manual task
 * runner and a recording catalog connection for entity providers, the catalog's entity checks,
 * and the demo MLOps stack on an ephemeral port.
 *
 * @packageDocumentation
 */

export { mockUpstreamInstanceConfig } from './instances';
export { mockUpstreamError } from './errors';
export { silentLogger, recordingLogger, type LogRecord } from './logger';
export {
  ManualTaskRunner,
  recordingConnection,
  appliedMutation,
  appliedEntities,
  type RecordingConnection,
} from './provider';
export { expectValidEntity } from './entities';
export { mockMemoryCache } from './memoryCache';
export { mockReadCache } from './readCache';
export {
  allowAll,
  annotatingComponent,
  authorizeWith,
  deny,
  ingestedEntity,
  mockAuthority,
  type Decide,
} from './authority';
export { recordingAuditor, type AuditRecord } from './auditor';
export { mockInstanceClients, mockInstanceClientsFactory } from './clients';
export { mockWritePipeline } from './writes';
export {
  createCheckpointStore,
  runExample,
  testActionContext,
  type ExampleAction,
  type ExampleStepRun,
  type RunExampleOptions,
  type TestActionContextOptions,
} from './scaffolder';
export { startTestSandbox, useTestSandbox, type TestSandbox } from './sandbox';
export { recordingFetch, type RecordedExchange } from './recordingFetch';
export {
  arbitraryFromSchema,
  assertHandlesAll,
  checkErrorsOrAnswer,
  checkRouteAnswer,
  malformedBodies,
  wellFormedAnswer,
  type ArbitraryFromSchemaOptions,
  type AssertHandlesAllOptions,
  type JsonSchema,
  type MalformedBodiesOptions,
  type ValueOverride,
  type ValueOverrides,
} from './contract';
