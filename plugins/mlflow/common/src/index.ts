/**
 * Types, annotations and permissions shared by the MLflow plugin's packages.
 *
 * @packageDocumentation
 */

export * from './system';
export * from './annotations';
export * from './api';
export * from './links';
export * from './permissions';
