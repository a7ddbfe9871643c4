/**
 * Types, annotations and permissions shared by the Airflow plugin's packages.
 *
 * @packageDocumentation
 */

export * from './system';
export * from './annotations';
export * from './permissions';
export * from './api';
export * from './links';
export * from './note';
export * from './runInput';
