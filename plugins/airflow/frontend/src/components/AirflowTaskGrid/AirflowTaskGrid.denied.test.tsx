import { screen, waitFor } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import {
  annotatedEntity,
  manualRunId,
  trainingDag,
} from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import { AirflowTaskGrid } from './AirflowTaskGrid';

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('AirflowTaskGrid without permission', () => {
  it('offers no clear, asking about the ingested DAG entity, and still shows the logs', async () => {
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [airflowApiRef, createMockAirflowApi()],
          [permissionApiRef, permissionApi],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <AirflowTaskGrid dag={trainingDag} runId={manualRunId} />
        </EntityProvider>
      </TestApiProvider>,
    );
    await screen.findByRole('table', { name: 'Task instances' });
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith({
        permission: expect.objectContaining({ name: 'airflow.dag.clear' }),
        resourceRef: 'resource:default/fraud-detection-training',
      }),
    );
    expect(
      screen.queryByRole('button', { name: /^Clear/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Log of Train model, try 3' }),
    ).toBeInTheDocument();
  });
});
