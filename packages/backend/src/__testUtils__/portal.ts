import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { Permission } from '@backstage/plugin-permission-common';
import catalogModuleMlflow from '@mlops-portal/plugin-catalog-backend-module-mlflow';
import mlflowPlugin from '@mlops-portal/plugin-mlflow-backend';
import { createPermissionModuleMlopsPolicy } from '@mlops-portal/plugin-permission-backend-module-mlops-policy';

/**
 * The mock auth service forgets the calling plugin (the actor) when it issues a token on behalf of
 * a user, and the real permission backend refuses conditional queries from such "direct" users;
 * this keeps the actor, as the real auth service does.
 */
const authKeepingActor = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      isPrincipal: auth.isPrincipal.bind(auth) as AuthService['isPrincipal'],
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    };
  },
});

/**
 * The parts of the portal that decide who may write upstream, for tests: the real catalog,
 * permission backend and MLOps policy, the MLflow provider and backend on one MLflow instance, the
 * real permissions service, and users whose groups the test gives.
 */
export function authorityTestFeatures(options: {
  mlflowBaseUrl: string;
  /** A host the catalog may read locations from (a user's catalog-info.yaml). */
  readableHost?: string;
  /** User entity ref → ownership refs (the user and their groups). */
  ownership: Record<string, string[]>;
  /** The MLOps systems' permissions the policy knows. */
  policyPermissions: readonly Permission[];
  /** Registered models left out of the catalog. */
  excludeModels?: string[];
  /** More `backend:` config, e.g. `actions.pluginSources`. */
  backendConfig?: Record<string, unknown>;
  /** More features, e.g. the MCP actions backend. */
  extra?: unknown[];
}) {
  return [
    catalogPlugin,
    permissionPlugin,
    createPermissionModuleMlopsPolicy({
      permissions: options.policyPermissions,
    }),
    catalogModuleMlflow,
    mlflowPlugin,
    permissionsServiceFactory,
    authKeepingActor,
    // Runs scheduled tasks (the provider's refresh) right away.
    mockServices.scheduler.factory(),
    mockServices.userInfo.mock({
      getUserInfo: async credentials => {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: options.ownership[ref] ?? [ref],
        };
      },
    }).factory,
    mockServices.rootConfig.factory({
      data: {
        backend: {
          ...(options.readableHost && {
            reading: { allow: [{ host: options.readableHost }] },
          }),
          ...options.backendConfig,
        },
        permission: { enabled: true },
        catalog: {
          processingInterval: { seconds: 1 },
          rules: [{ allow: ['Component', 'Resource', 'Location'] }],
        },
        mlops: { permission: { adminGroups: ['group:default/ml-platform'] } },
        mlflow: {
          instances: [{ name: 'sandbox', baseUrl: options.mlflowBaseUrl }],
          catalog: {
            defaultOwner: 'group:default/ml-platform',
            schedule: {
              frequency: { minutes: 30 },
              timeout: { minutes: 1 },
            },
            filters: { exclude: options.excludeModels ?? [] },
          },
        },
      },
    }),
    ...((options.extra ?? []) as []),
  ];
}

/** Polls `check` every 100 ms for up to 60 s; throws naming what never happened. */
export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
