import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import { IngestedEntityAuthority } from '@mlops-portal/plugin-mlops-node';
import { mockReadCache } from '@mlops-portal/plugin-mlops-node/testUtils';

/** A permission decision for one request: by permission name and resource. */
export type Decide = (request: {
  permission: string;
  resourceRef?: string;
}) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;

/** Allows everything. */
export const allowAll: Decide = () => AuthorizeResult.ALLOW;

/** Denies the named permissions, allows the rest. */
export const deny =
  (...names: string[]): Decide =>
  ({ permission }) =>
    names.includes(permission) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;

/**
 * An `authorize` implementation answering every request with `decide`, for
 * `mockServices.permissions.mock({ authorize: authorizeWith(decide) })`.
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
 * A real {@link IngestedEntityAuthority} on an in-memory catalog of `entities`, with the given
 * auth and permissions services. `readable` says which entities a user may read (the plugin's
 * own credentials see every entity).
 */
export function mockAuthority(options: {
  auth: AuthService;
  permissions: PermissionsService;
  entities?: Entity[];
  restrictReads?: boolean;
  readable?: (entityRef: string, credentials: BackstageCredentials) => boolean;
}): IngestedEntityAuthority {
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
