/**
 * Types, annotations and permissions shared by the Kubeflow Pipelines plugin's packages.
 *
 * @packageDocumentation
 */

export * from './system';
export * from './annotations';
export * from './permissions';
export * from './parameters';
export * from './api';
export * from './links';
