import {
  BasicPermission,
  createPermission,
} from '@backstage/plugin-permission-common';

/**
 * Change an upstream object (a model alias, a DAG run, a canary split…) for which no provider of
 * the suite ingested an entity: the provider is off, or the object is outside its filters, so
 * there is no owner from the system of record to ask. The MLOps policy grants it to admins only.
 *
 * @public
 */
export const mlopsUnmanagedObjectWritePermission: BasicPermission =
  createPermission({
    name: 'mlops.unmanaged-object.write',
    attributes: { action: 'update' },
  });

/**
 * Read an upstream object that has no ingested entity, where reads are restricted
 * (`mlops.authority.restrictReads`); the MLOps policy grants it to admins only.
 *
 * @public
 */
export const mlopsUnmanagedObjectReadPermission: BasicPermission =
  createPermission({
    name: 'mlops.unmanaged-object.read',
    attributes: { action: 'read' },
  });

/**
 * The permissions the kit itself declares; a system backend registers them with its own.
 *
 * @public
 */
export const mlopsPermissions: readonly BasicPermission[] = [
  mlopsUnmanagedObjectWritePermission,
  mlopsUnmanagedObjectReadPermission,
];
