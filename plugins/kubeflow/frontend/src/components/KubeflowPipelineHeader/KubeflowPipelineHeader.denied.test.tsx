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
import {
  annotatedEntity,
  authorityRef,
  pipeline,
} from '../../__fixtures__/data';
import { createMockKubeflowApi } from '../../__fixtures__/mockApi';
import { mountedRoutes } from '../../__fixtures__/routes';
import { KubeflowPipelineHeader } from './KubeflowPipelineHeader';

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('KubeflowPipelineHeader without permission', () => {
  it('offers no Start run, asking about the pipeline’s ingested entity', async () => {
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
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
            pipeline={pipeline}
            onSelectVersion={jest.fn()}
          />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes },
    );
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith({
        permission: expect.objectContaining({ name: 'kubeflow.run.create' }),
        // the pipeline's kubeflow-pipeline Resource decides, not the Component the tab is on
        resourceRef: authorityRef,
      }),
    );
    expect(
      screen.getByRole('region', { name: 'Pipeline fraud-detection-training' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Start run' }),
    ).not.toBeInTheDocument();
    // the versions can still be browsed
    expect(screen.getByRole('button', { name: /Version/ })).toBeInTheDocument();
  });
});
