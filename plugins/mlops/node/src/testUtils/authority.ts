import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import type {
  IngestedEntityAuthority as Authority,
  IngestedEntityLocator,
} from '@mlops-portal/plugin-mlops-node';
import { IngestedEntityAuthority } from '../authority/IngestedEntityAuthority';
import { mockReadCache } from './readCache';

/**
 * A permission decision for one request: by permission name and resource.
 *
 * @public
 */
export type Decide = (request: {
  permission: string;
  resourceRef?: string;
}) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;

/**
 * Allows everything.
 *
 * @public
 */
export const allowAll: Decide = () => AuthorizeResult.ALLOW;

/**
 * Denies the named permissions, allows the rest.
 *
 * @public
 */
export const deny =
  (...names: string[]): Decide =>
  ({ permission }) =>
    names.includes(permission) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;

/**
 * An `authorize` implementation answering every request with `decide`, for
 * `mockServices.permissions.mock({ authorize: authorizeWith(decide) })`.
 *
 * @public
 */
export function authorizeWith(decide: Decide = allowAll) {
  return async (requests: AuthorizePermissionRequest[]) =>
    requests.map(request => ({
      result: decide({
        permission: request.permission.name,
        ...('resourceRef' in request &&
          request.resourceRef !== undefined && {
            resourceRef: request.resourceRef,
          }),
      }),
    }));
}

/**
 * A real `IngestedEntityAuthority` on an in-memory catalog of `entities`, with the given
 * auth and permissions services. `readable` says which entities a user may read (the plugin's
 * own credentials see every entity).
 *
 * @public
 */
export function mockAuthority(options: {
  auth: AuthService;
  permissions: PermissionsService;
  entities?: Entity[];
  restrictReads?: boolean;
  readable?: (entityRef: string, credentials: BackstageCredentials) => boolean;
}): Authority {
  const { readable } = options;
  const catalog = catalogServiceMock({ entities: options.entities ?? [] });
  if (readable) {
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    catalog.getEntityByRef = async (ref, requestOptions) => {
      const entity = await getEntityByRef(ref, requestOptions);
      const credentials = (
        requestOptions as { credentials?: BackstageCredentials } | undefined
      )?.credentials;
      const isUser =
        (credentials?.principal as { type?: string } | undefined)?.type ===
        'user';
      return entity &&
        isUser &&
        !readable(stringifyEntityRef(entity), credentials!)
        ? undefined
        : entity;
    };
  }
  return new IngestedEntityAuthority({
    catalog,
    auth: options.auth,
    permissions: options.permissions,
    readCache: mockReadCache(),
    restrictReads: options.restrictReads,
  });
}

/**
 * The entity a provider ingests for an upstream object, exactly as its locator describes it
 * (name, location annotations, the object's annotations): what writes on the object are
 * authorized against. `location` replaces both location annotations, e.g. for a look-alike
 * someone registered by hand.
 *
 * @public
 */
export function ingestedEntity(
  locator: IngestedEntityLocator,
  options: { type: string; owner: string; location?: string },
): Entity {
  const ref = parseEntityRef(locator.entityRef);
  const location = options.location ?? locator.managedByLocation;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: ref.kind[0].toUpperCase() + ref.kind.slice(1),
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        ...locator.annotations,
      },
    },
    spec: { type: options.type, owner: options.owner },
  };
}

/**
 * A Component someone registered, naming upstream objects in its annotations.
 *
 * @public
 */
export function annotatingComponent(
  name: string,
  annotations: Record<string, string>,
  owner: string = 'group:default/fraud-detection',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}
