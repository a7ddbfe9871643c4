import { mockCredentials } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { InputError } from '@backstage/errors';
import { mockReadCache } from '../testUtils/readCache';
import { EntityResolver, principalKey } from './EntityResolver';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detection-model', namespace: 'default' },
  spec: {},
};
const ref = {
  kind: 'component',
  namespace: 'default',
  name: 'fraud-detection-model',
};

function setup() {
  const catalog = catalogServiceMock.mock({
    getEntityByRef: jest.fn(async requested =>
      (requested as typeof ref).name === ref.name ? entity : undefined,
    ),
  });
  const resolver = new EntityResolver({ catalog, readCache: mockReadCache() });
  return { catalog, resolver };
}

describe('EntityResolver', () => {
  it('looks the entity up with the caller credentials', async () => {
    const { catalog, resolver } = setup();
    const credentials = mockCredentials.user('user:default/alice');
    await expect(resolver.forRead(ref, credentials)).resolves.toEqual(entity);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(ref, { credentials });
  });

  it('says NotFoundError naming the ref when the caller cannot see the entity', async () => {
    const { resolver } = setup();
    const missing = { ...ref, name: 'nope' };
    await expect(
      resolver.forRead(missing, mockCredentials.user()),
    ).rejects.toThrow(
      new NotFoundError(
        "Entity 'component:default/nope' was not found in the catalog",
      ),
    );
    await expect(
      resolver.forWrite(missing, mockCredentials.user()),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reuses a read lookup for the same caller only, whatever the ref casing', async () => {
    const { catalog, resolver } = setup();
    const alice = mockCredentials.user('user:default/alice');
    await Promise.all([
      resolver.forRead(ref, alice),
      resolver.forRead(ref, alice),
      resolver.forRead({ ...ref, kind: 'Component' }, alice),
    ]);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    await resolver.forRead(ref, mockCredentials.user('user:default/bob'));
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('takes a string ref, as actions give it, and refuses one that is not a ref', async () => {
    const { catalog, resolver } = setup();
    const alice = mockCredentials.user('user:default/alice');
    await expect(
      resolver.forRead('component:fraud-detection-model', alice),
    ).resolves.toEqual(entity);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(ref, {
      credentials: alice,
    });
    await expect(resolver.forWrite('no kind here', alice)).rejects.toThrow(
      InputError,
    );
  });

  it('reads afresh for a write', async () => {
    const { catalog, resolver } = setup();
    const alice = mockCredentials.user('user:default/alice');
    await resolver.forRead(ref, alice);
    await resolver.forWrite(ref, alice);
    await resolver.forWrite(ref, alice);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('tells principals apart, services by subject and access restrictions', () => {
    const keys = [
      principalKey(mockCredentials.user('user:default/alice')),
      principalKey(mockCredentials.user('user:default/bob')),
      principalKey(mockCredentials.service('external:bench')),
      principalKey(
        mockCredentials.service('external:bench', {
          permissionNames: ['catalog.entity.read'],
        }),
      ),
      principalKey(mockCredentials.none()),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(principalKey(mockCredentials.user('user:default/alice'))).toBe(
      keys[0],
    );
  });
});
