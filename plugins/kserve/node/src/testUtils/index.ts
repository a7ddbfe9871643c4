/**
 * Test utilities of the KServe packages: an in-memory cluster, InferenceService builders.
 *
 * @packageDocumentation
 */

export * from './builders';
export * from './FakeKserveCluster';
