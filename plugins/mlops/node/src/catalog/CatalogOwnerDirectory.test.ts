import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogOwnerDirectory } from './CatalogOwnerDirectory';

function user(name: string, email?: string, namespace = 'default'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace },
    spec: { profile: email ? { email } : {}, memberOf: [] },
  };
}

function group(name: string, email?: string, namespace = 'default'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace },
    spec: { type: 'team', children: [], ...(email && { profile: { email } }) },
  };
}

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detection', namespace: 'default' },
  spec: { type: 'service', owner: 'x', lifecycle: 'production' },
};

const entities = [
  user('jane.doe', 'Jane.Doe@Example.com'),
  user('bob'),
  user('airflow'),
  user('shared-name'),
  group('shared-name'),
  group('fraud-detection', 'fraud@example.com'),
  group('fraud-detection', undefined, 'ml'),
  group('search', undefined, 'zeta'),
  group('search', undefined, 'alpha'),
  component,
];

describe('CatalogOwnerDirectory', () => {
  const directory = new CatalogOwnerDirectory(entities);

  it('holds the users and groups only', () => {
    expect(directory.size).toBe(9);
    expect(directory.find('component:default/fraud-detection')).toBe(undefined);
  });

  it('matches names, ignoring case and surrounding space, users before groups', () => {
    expect(directory.find('jane.doe')).toBe('user:default/jane.doe');
    expect(directory.find(' Jane.Doe ')).toBe('user:default/jane.doe');
    expect(directory.find('fraud-detection')).toBe(
      'group:default/fraud-detection',
    );
    expect(directory.find('shared-name')).toBe('user:default/shared-name');
    expect(directory.find('shared-name', { kinds: ['group', 'user'] })).toBe(
      'group:default/shared-name',
    );
  });

  it('matches the profile email of users and groups', () => {
    expect(directory.find('jane.doe@example.com')).toBe(
      'user:default/jane.doe',
    );
    expect(directory.find('FRAUD@example.com')).toBe(
      'group:default/fraud-detection',
    );
    expect(directory.find('nobody@example.com')).toBeUndefined();
  });

  it('matches full refs of entities it holds, a kind-less ref meaning a group', () => {
    expect(directory.find('group:ml/fraud-detection')).toBe(
      'group:ml/fraud-detection',
    );
    expect(directory.find('ml/fraud-detection')).toBe(
      'group:ml/fraud-detection',
    );
    expect(directory.find('User:Default/Bob')).toBe('user:default/bob');
    expect(directory.find('user:default/nobody')).toBeUndefined();
    expect(directory.find('group:default/bob')).toBeUndefined();
  });

  it('prefers the default namespace, then the first ref, for a name in several', () => {
    expect(directory.find('fraud-detection')).toBe(
      'group:default/fraud-detection',
    );
    expect(directory.find('search')).toBe('group:alpha/search');
  });

  it('keeps to the kinds asked for', () => {
    expect(directory.find('airflow', { kinds: ['user'] })).toBe(
      'user:default/airflow',
    );
    expect(directory.find('fraud-detection', { kinds: ['user'] })).toBe(
      undefined,
    );
    expect(
      directory.find('group:ml/fraud-detection', { kinds: ['user'] }),
    ).toBe(undefined);
  });

  it('matches nothing for blank or unknown values', () => {
    for (const value of ['', '  ', 'unknown', 'Fraud Team!', 'a:b:c', '@']) {
      expect(directory.find(value)).toBeUndefined();
    }
  });

  it('reads every user and group in one paged stream, with its own credentials', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => user(`user-${i}`));
    const catalog = catalogServiceMock({ entities: [...many, component] });
    const streamEntities = jest.spyOn(catalog, 'streamEntities');
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');

    const read = await CatalogOwnerDirectory.read({
      catalog,
      auth: mockServices.auth(),
    });

    expect(read.size).toBe(1203);
    expect(read.find('user-1202')).toBe('user:default/user-1202');
    expect(streamEntities).toHaveBeenCalledTimes(1);
    expect(streamEntities.mock.calls[0]).toEqual([
      {
        filter: [{ kind: 'user' }, { kind: 'group' }],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'spec.profile.email',
        ],
      },
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      },
    ]);
    expect(getEntityByRef).not.toHaveBeenCalled();
  });

  it('fails when the catalog does', async () => {
    const catalog = catalogServiceMock.mock({
      streamEntities: () => ({
        // eslint-disable-next-line require-yield
        async *[Symbol.asyncIterator]() {
          throw new Error('catalog is down');
        },
      }),
    });
    await expect(
      CatalogOwnerDirectory.read({ catalog, auth: mockServices.auth() }),
    ).rejects.toThrow('catalog is down');
  });
});
