/**
 * Test utilities for the MLOps Portal systems: instance configs, upstream errors as the HTTP layer
 * throws them, an in-memory cache and read cache, clients-service mocks, and the demo MLOps stack
 * on an ephemeral port.
 *
 * @packageDocumentation
 */

export { mockUpstreamInstanceConfig } from './instances';
export { mockUpstreamError } from './errors';
export { silentLogger } from './logger';
export { mockMemoryCache } from './memoryCache';
export { mockReadCache } from './readCache';
export { mockInstanceClients, mockInstanceClientsFactory } from './clients';
export { startTestSandbox, useTestSandbox, type TestSandbox } from './sandbox';
export { recordingFetch, type RecordedExchange } from './recordingFetch';
export {
  arbitraryFromSchema,
  assertHandlesAll,
  malformedBodies,
  type ArbitraryFromSchemaOptions,
  type AssertHandlesAllOptions,
  type JsonSchema,
  type MalformedBodiesOptions,
  type ValueOverride,
  type ValueOverrides,
} from './contract';
