/**
 * Test utilities for code built on the Kubeflow client: instance configs, an in-memory Kubeflow
 * Pipelines (`FakeKubeflow`) and the sandbox's with real clients.
 *
 * @packageDocumentation
 */

export * from './builders';
export * from './FakeKubeflow';
export * from './sandbox';
