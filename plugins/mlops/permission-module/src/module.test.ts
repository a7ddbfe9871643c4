import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import permissionModuleMlopsPolicy from '.';

const model: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fraud-detector',
    annotations: {
      'backstage.io/managed-by-location': 'url:https://example.com/x',
      'backstage.io/managed-by-origin-location': 'url:https://example.com/x',
    },
  },
  spec: { type: 'ml-model', owner: 'group:default/fraud-detection' },
};

/** Puts one entity owned by fraud-detection into the real catalog. */
const fixtureProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'fixture-provider',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'fixture',
          connect: async connection => {
            await connection.applyMutation({
              type: 'full',
              entities: [{ entity: model, locationKey: 'fixture' }],
            });
          },
        });
      },
    });
  },
});

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

const ownership: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/fraud-detection'],
  'user:default/bob': ['user:default/bob', 'group:default/customer-insights'],
  'user:default/carol': ['user:default/carol', 'group:default/ml-platform'],
};

const token = (user: string) =>
  `Bearer ${mockCredentials.user.token(`user:default/${user}`)}`;

describe('permission policy with the real catalog and permission backends', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        permissionModuleMlopsPolicy,
        fixtureProvider,
        permissionsServiceFactory,
        authKeepingActor,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Resource'] }],
            },
            mlops: {
              permission: { adminGroups: ['group:default/ml-platform'] },
            },
          },
        }),
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: ownership[ref] ?? [ref],
            };
          },
        }).factory,
      ],
    }));
    // The provider's entity is stitched asynchronously.
    for (let attempt = 0; attempt < 400; attempt++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/resource/default/fraud-detector')
        .set('Authorization', token('bob'));
      if (res.status === 200) return;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('fixture entity never appeared in the catalog');
  }, 60_000);

  const refresh = (user: string) =>
    request(server)
      .post('/api/catalog/refresh')
      .set('Authorization', token(user))
      .send({ entityRef: 'resource:default/fraud-detector' });

  it('lets anyone read the entity', async () => {
    const res = await request(server)
      .get('/api/catalog/entities/by-name/resource/default/fraud-detector')
      .set('Authorization', token('bob'));
    expect(res.status).toBe(200);
    expect(res.body.spec.owner).toBe('group:default/fraud-detection');
  });

  it('denies a write to a user outside the owner group', async () => {
    expect((await refresh('bob')).status).toBe(403);
  });

  it('allows the write to a member of the owner group', async () => {
    expect((await refresh('alice')).status).toBe(200);
  });

  it('allows the write to a member of an admin group', async () => {
    expect((await refresh('carol')).status).toBe(200);
  });
});
