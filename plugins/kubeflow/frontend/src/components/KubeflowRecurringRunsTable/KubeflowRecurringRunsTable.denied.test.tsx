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
import { KubeflowRecurringRunsTable } from './KubeflowRecurringRunsTable';

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('KubeflowRecurringRunsTable without permission', () => {
  it('shows enabled and disabled as text, with no switch to toggle', async () => {
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    const api = createMockKubeflowApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kubeflowApiRef, api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <KubeflowRecurringRunsTable pipeline={pipeline} />
        </EntityProvider>
      </TestApiProvider>,
    );
    await screen.findByRole('table', { name: 'Kubeflow recurring runs' });
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith({
        permission: expect.objectContaining({
          name: 'kubeflow.recurringRun.toggle',
        }),
        // the pipeline's kubeflow-pipeline Resource decides, not the Component the tab is on
        resourceRef: authorityRef,
      }),
    );
    expect(screen.getByText('Enabled')).toBeInTheDocument();
    expect(screen.getByText('Disabled')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(api.setRecurringRunEnabled).not.toHaveBeenCalled();
  });
});
