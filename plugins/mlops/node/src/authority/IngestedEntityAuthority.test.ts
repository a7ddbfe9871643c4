import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { mockReadCache } from '../testUtils/readCache';
import { IngestedEntityAuthority } from './IngestedEntityAuthority';
import { IngestedEntityLocator } from './locator';

const promote = createPermission({
  name: 'mlflow.model.alias.set',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const create = createPermission({
  name: 'mlflow.model.create',
  attributes: { action: 'create' },
});

const locator: IngestedEntityLocator = {
  entityRef: 'resource:default/churn-predictor',
  managedByLocation: 'mlops:mlflow/prod',
  annotations: {
    'mlflow.org/registered-model': 'churn-predictor',
    'mlflow.org/instance': 'prod',
  },
  provider: 'the MLflow catalog provider',
  description: "MLflow registered model 'churn-predictor' on instance 'prod'",
};

function resource(
  annotations: Record<string, string>,
  name = 'churn-predictor',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'ml-model', owner: 'group:default/customer-insights' },
  };
}
const ingested = resource({
  'backstage.io/managed-by-location': 'mlops:mlflow/prod',
  'backstage.io/managed-by-origin-location': 'mlops:mlflow/prod',
  ...locator.annotations,
});
// What anyone can register: a catalog-info.yaml with the same name and annotations.
const registeredByHand = resource({
  'backstage.io/managed-by-location':
    'url:https://example.com/catalog-info.yaml',
  'backstage.io/managed-by-origin-location':
    'url:https://example.com/catalog-info.yaml',
  ...locator.annotations,
});

/** An authority over a catalog holding `entities`, with a policy answering `decide`. */
function setup(
  entities: Entity[],
  decide: (name: string, resourceRef?: string) => AuthorizeResult = () =>
    AuthorizeResult.ALLOW,
  restrictReads = false,
) {
  const catalog = catalogServiceMock({ entities });
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(request => ({
        result: decide(
          request.permission.name,
          (request as { resourceRef?: string }).resourceRef,
        ),
      })) as never,
  });
  const authority = new IngestedEntityAuthority({
    catalog,
    auth: mockServices.auth(),
    permissions,
    readCache: mockReadCache(),
    restrictReads,
  });
  return { authority, permissions };
}

const alice = mockCredentials.user('user:default/alice');

describe('IngestedEntityAuthority', () => {
  it('finds the entity the provider ingested, by name, location and annotations', async () => {
    const { authority } = setup([ingested]);
    await expect(authority.resolve(locator)).resolves.toEqual({
      ingested: true,
      entityRef: 'resource:default/churn-predictor',
      entity: ingested,
    });
  });

  it.each([
    [
      'no entity of that name',
      [],
      /has no entity 'resource:default\/churn-predictor'/,
    ],
    [
      'an entity someone registered with the same name and annotations',
      [registeredByHand],
      /was not ingested by the MLflow catalog provider .*managed-by-location' is "url:https:\/\/example.com\/catalog-info.yaml", not 'mlops:mlflow\/prod'/,
    ],
    [
      'the provider’s entity of another model (annotation differs)',
      [
        resource({
          'backstage.io/managed-by-location': 'mlops:mlflow/prod',
          'backstage.io/managed-by-origin-location': 'mlops:mlflow/prod',
          'mlflow.org/registered-model': 'Churn Predictor',
          'mlflow.org/instance': 'prod',
        }),
      ],
      /'mlflow.org\/registered-model' is "Churn Predictor", not "churn-predictor"/,
    ],
  ])('finds none with %s, saying why', async (_what, entities, reason) => {
    const { authority } = setup(entities);
    const resolution = await authority.resolve(locator);
    expect(resolution).toMatchObject({ ingested: false });
    expect(resolution.ingested === false && resolution.reason).toMatch(reason);
  });

  it('tells who may write: the ingested entity, or why only admins may', async () => {
    await expect(
      setup([ingested]).authority.whoMayWrite(locator),
    ).resolves.toEqual({ entityRef: 'resource:default/churn-predictor' });
    const none = await setup([registeredByHand]).authority.whoMayWrite(locator);
    expect(none).not.toHaveProperty('entityRef');
    expect((none as { reason: string }).reason).toMatch(
      /was not ingested by the MLflow catalog provider/,
    );
  });

  describe('writes', () => {
    it('asks the permission of the ingested entity, never of an entity that only names the object', async () => {
      // Someone's Component naming the same model, owned by their own team.
      const takeover: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'my-churn',
          namespace: 'default',
          annotations: { 'mlflow.org/registered-model': 'churn-predictor' },
        },
        spec: { owner: 'group:default/fraud-detection' },
      };
      const { authority, permissions } = setup([ingested, takeover]);
      await authority.authorizeWrite(promote, locator, alice);
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: promote,
            resourceRef: 'resource:default/churn-predictor',
          },
        ],
        { credentials: alice },
      );
    });

    it('refuses, naming the owner whose entity decides', async () => {
      const { authority } = setup([ingested], () => AuthorizeResult.DENY);
      await expect(
        authority.authorizeWrite(promote, locator, alice),
      ).rejects.toThrow(
        new NotAllowedError(
          "Not allowed to mlflow.model.alias.set on MLflow registered model 'churn-predictor' on instance 'prod': it is owned by 'group:default/customer-insights', the owner of 'resource:default/churn-predictor', which the MLflow catalog provider ingested for it",
        ),
      );
    });

    it('leaves an object without an ingested entity to admins, saying why', async () => {
      const { authority, permissions } = setup([registeredByHand], name =>
        name === 'mlops.unmanaged-object.write'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      );
      await expect(
        authority.authorizeWrite(promote, locator, alice),
      ).rejects.toThrow(
        /only admins may change it, because .*was not ingested/,
      );
      // the permission the caller holds on the hand-registered entity is never asked
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'mlops.unmanaged-object.write',
            }),
          },
        ],
        { credentials: alice },
      );
    });

    it('lets an admin write an object without an ingested entity', async () => {
      const { authority } = setup([]);
      await expect(
        authority.authorizeWrite(promote, locator, alice),
      ).resolves.toMatchObject({ ingested: false });
    });

    it('authorizes creates with their basic permission', async () => {
      const { authority } = setup([], () => AuthorizeResult.DENY);
      await expect(
        authority.authorizeBasic(create, alice, "create MLflow model 'x'"),
      ).rejects.toThrow(
        "Not allowed to create MLflow model 'x' (mlflow.model.create)",
      );
    });
  });

  describe('reads', () => {
    it('are open by default, asking nothing', async () => {
      const { authority, permissions } = setup([], () => AuthorizeResult.DENY);
      await authority.authorizeRead(locator, alice);
      await authority.authorizeRead(undefined, alice, 'runs');
      expect(permissions.authorize).not.toHaveBeenCalled();
    });

    it('when restricted, need read access to the ingested entity', async () => {
      const { authority } = setup([ingested], undefined, true);
      await expect(
        authority.authorizeRead(locator, alice),
      ).resolves.toBeUndefined();

      const hidden = new IngestedEntityAuthority({
        catalog: catalogServiceMock.mock({
          // the plugin sees the entity, the caller does not
          getEntityByRef: async (_ref, options) =>
            isService(options) ? ingested : undefined,
        }),
        auth: mockServices.auth(),
        permissions: mockServices.permissions(),
        readCache: mockReadCache(),
        restrictReads: true,
      });
      await expect(hidden.authorizeRead(locator, alice)).rejects.toThrow(
        /you may not read 'resource:default\/churn-predictor'/,
      );
    });

    it('when restricted, leave objects without an ingested entity to admins', async () => {
      const deny = setup([], () => AuthorizeResult.DENY, true).authority;
      await expect(deny.authorizeRead(locator, alice)).rejects.toThrow(
        /only admins may read .*, because the catalog has no entity/,
      );
      await expect(
        deny.authorizeRead(undefined, alice, "the runs of experiment 'x'"),
      ).rejects.toThrow(/only admins may read the runs of experiment 'x'/);
      const allow = setup([], () => AuthorizeResult.ALLOW, true).authority;
      await expect(
        allow.authorizeRead(undefined, alice),
      ).resolves.toBeUndefined();
    });
  });
});

/** Whether a catalog call was made with a service's credentials (the plugin's own). */
function isService(options: unknown): boolean {
  const credentials = (options as { credentials?: { principal: unknown } })
    ?.credentials;
  return (credentials?.principal as { type?: string })?.type === 'service';
}
