/**
 * Test utilities of the KServe packages: an in-memory cluster, InferenceService builders, and a
 * real kube-apiserver with the KServe CRD for integration tests.
 *
 * @packageDocumentation
 */

export * from './builders';
export * from './FakeKserveCluster';
export * from './kubeApiServer';
export * from './fakeKserveClusters';
