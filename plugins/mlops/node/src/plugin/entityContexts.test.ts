import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { EntityResolver } from '../catalog/EntityResolver';
import { actionEntityContexts, routeEntityContexts } from './entityContexts';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', namespace: 'default' },
};

function resolver() {
  return {
    forRead: jest.fn(async () => entity),
    forWrite: jest.fn(async () => entity),
  } as unknown as jest.Mocked<EntityResolver>;
}

describe('entity contexts', () => {
  it('read a route’s entity with the caller’s credentials: cached for reads, afresh for writes with the request', async () => {
    const entities = resolver();
    const httpAuth = mockServices.httpAuth({
      defaultCredentials: mockCredentials.user('user:default/jane'),
    });
    const contexts = routeEntityContexts(httpAuth, entities);
    const req = {
      params: { namespace: 'default', kind: 'component', name: 'x' },
      headers: {},
    } as never;
    await expect(contexts.read(req)).resolves.toEqual({
      entity,
      credentials: expect.anything(),
    });
    const write = await contexts.write(req);
    expect(write.request).toBe(req);
    expect(entities.forRead).toHaveBeenCalledWith(
      { namespace: 'default', kind: 'component', name: 'x' },
      expect.anything(),
    );
    expect(entities.forWrite).toHaveBeenCalledTimes(1);
    await expect(
      contexts.read({ params: { namespace: 'default' }, headers: {} } as never),
    ).rejects.toThrow(/Invalid request path: kind/);
  });

  it('read an action’s entityRef the same way', async () => {
    const entities = resolver();
    const credentials = mockCredentials.user();
    const contexts = actionEntityContexts(entities);
    await contexts.read('component:default/x', credentials);
    await contexts.write('component:default/x', credentials);
    expect(entities.forRead).toHaveBeenCalledWith(
      'component:default/x',
      credentials,
    );
    expect(entities.forWrite).toHaveBeenCalledWith(
      'component:default/x',
      credentials,
    );
  });
});
