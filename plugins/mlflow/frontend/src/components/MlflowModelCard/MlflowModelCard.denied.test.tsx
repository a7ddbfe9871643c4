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

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('MlflowModelCard without permission', () => {
  it('does not offer the promote action', async () => {
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
    );
    await screen.findByLabelText('Model versions');

    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith({
        permission: expect.objectContaining({ name: 'mlflow.model.alias.set' }),
        resourceRef: 'component:default/fraud-detection-model',
      }),
    );
    await expect(authorize.mock.results[0].value).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(screen.queryByText('Promote')).not.toBeInTheDocument();
    // the rest of the card is there
    expect(screen.getByText('champion → v4')).toBeInTheDocument();
  });
});
