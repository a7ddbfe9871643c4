import { screen, waitFor } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import { annotatedEntity, pipeline } from '../../__fixtures__/data';
import { createMockKubeflowApi } from '../../__fixtures__/mockApi';
import { mountedRoutes } from '../../__fixtures__/routes';
import { KubeflowPipelineHeader } from './KubeflowPipelineHeader';

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('KubeflowPipelineHeader for a pipeline no provider ingested', () => {
  it('offers Start run only on the admins-only permission, and says why', async () => {
    const permissionApi = mockApis.permission({
      authorize: request =>
        request.permission.name === 'mlops.unmanaged-object.write'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kubeflowApiRef, createMockKubeflowApi()],
          [permissionApiRef, permissionApi],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <KubeflowPipelineHeader
            pipeline={{
              ...pipeline,
              authority: {
                reason: 'the catalog has no kubeflow-pipeline entity for it',
              },
            }}
            onSelectVersion={jest.fn()}
          />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes },
    );
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith({
        permission: expect.objectContaining({
          name: 'mlops.unmanaged-object.write',
        }),
      }),
    );
    expect(
      await screen.findByRole('button', { name: 'Start run' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Only admins may start runs/)).toBeInTheDocument();
  });
});
