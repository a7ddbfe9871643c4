/**
 * The entity model the MLOps Portal plugins share: system definitions, annotations and their
 * parsing, entity names and tags derived from upstream names and labels, owner refs, instance
 * errors and the kit's own permissions.
 *
 * @packageDocumentation
 */

export * from './systems';
export * from './annotations';
export * from './readAnnotation';
export * from './namespacedName';
export * from './entityName';
export * from './entityTag';
export * from './instanceError';
export * from './ownerRef';
export * from './permissions';
export * from './instanceSummary';
