/**
 * The entity model the MLOps Portal plugins share: systems, spec types,
 * annotations and their parsing, and entity names derived from upstream names.
 *
 * @packageDocumentation
 */

export * from './systems';
export * from './specTypes';
export * from './annotations';
export * from './readAnnotation';
export * from './namespacedName';
export * from './entityName';
