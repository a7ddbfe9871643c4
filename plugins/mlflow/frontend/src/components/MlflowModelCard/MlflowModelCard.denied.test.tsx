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
import { annotatedEntity } from '../../__fixtures__/data';
import { createMockMlflowApi } from '../../__fixtures__/mockApi';
import { MlflowModelCard } from './MlflowModelCard';
import { mountedRoutes } from '../../__fixtures__/routes';

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('MlflowModelCard without permission', () => {
  it('does not offer the promote action, asking about the ingested model entity', async () => {
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [mlflowApiRef, createMockMlflowApi()],
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
        permission: expect.objectContaining({ name: 'mlflow.model.alias.set' }),
        // the model's ml-model Resource decides, not the Component the card is on
        resourceRef: 'resource:default/fraud-detector',
      }),
    );
    expect(screen.queryByText('Promote')).not.toBeInTheDocument();
    // the rest of the card is there, saying who may change the model
    expect(screen.getByText('champion → v4')).toBeInTheDocument();
    expect(screen.getByText(/Changed by the owners of/)).toBeInTheDocument();
  });
});
