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
import { annotatedEntity } from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import { mountedRoutes } from '../../__fixtures__/routes';
import { AirflowDagCard } from './AirflowDagCard';

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('AirflowDagCard without permission', () => {
  it('offers neither pause nor trigger, asking about the ingested DAG entity', async () => {
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    const api = createMockAirflowApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [airflowApiRef, api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <AirflowDagCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes },
    );
    await screen.findByRole('region', { name: 'DAG fraud_detection_training' });

    for (const name of ['airflow.dag.pause', 'airflow.dag.trigger']) {
      await waitFor(() =>
        expect(authorize).toHaveBeenCalledWith({
          permission: expect.objectContaining({ name }),
          // the DAG's airflow-dag Resource decides, not the Component the card is on
          resourceRef: 'resource:default/fraud-detection-training',
        }),
      );
    }
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Trigger' }),
    ).not.toBeInTheDocument();
    // the state still shows, as text
    expect(screen.getByText('Active')).toBeInTheDocument();
    expect(screen.getByText('Paused')).toBeInTheDocument();
    expect(api.setPaused).not.toHaveBeenCalled();
  });
});
