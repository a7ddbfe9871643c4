import { screen, waitFor } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import { annotatedEntity, model, target } from '../../__fixtures__/data';
import { createMockMlflowApi } from '../../__fixtures__/mockApi';
import { MlflowModelCard } from './MlflowModelCard';
import { mountedRoutes } from '../../__fixtures__/routes';

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('MlflowModelCard for a model no provider ingested', () => {
  it('offers promotion only on the admins-only permission, and says why', async () => {
    const permissionApi = mockApis.permission({
      authorize: request =>
        request.permission.name === 'mlops.unmanaged-object.write'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    const api = createMockMlflowApi({
      getModel: jest.fn().mockResolvedValue({
        target,
        item: model,
        authority: {
          reason: "the catalog has no entity 'resource:default/fraud-detector'",
        },
        errors: [],
      }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [mlflowApiRef, api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <MlflowModelCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes },
    );
    await screen.findByLabelText('Model versions');
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith({
        permission: expect.objectContaining({
          name: 'mlops.unmanaged-object.write',
        }),
      }),
    );
    expect(await screen.findByText('Promote')).toBeInTheDocument();
    expect(screen.getByText(/Only admins may change it/)).toBeInTheDocument();
  });
});
