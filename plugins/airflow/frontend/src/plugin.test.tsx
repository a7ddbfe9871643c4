import { screen } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { airflowApiRef } from './api/AirflowBackendApi';
import { airflowPlugin, EntityAirflowDagCard } from './plugin';
import { AirflowClient } from './api/AirflowClient';
import { singleDagEntity } from './__fixtures__/data';
import { createMockAirflowApi } from './__fixtures__/mockApi';
import { mountedRoutes } from './__fixtures__/routes';

jest.setTimeout(30_000);

describe('the Airflow plugin for the legacy frontend system', () => {
  it('registers the HTTP client as the Airflow API', () => {
    const [factory] = [...airflowPlugin.getApis()];
    expect(factory.api.id).toBe(airflowApiRef.id);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(AirflowClient);
  });

  it('renders the DAG card extension with its props', async () => {
    const api = createMockAirflowApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [airflowApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={singleDagEntity}>
          <EntityAirflowDagCard recentRuns={5} />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes },
    );
    expect(
      await screen.findByRole('region', {
        name: 'DAG fraud_detection_training',
      }),
    ).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenCalledWith(
      {
        kind: 'Resource',
        namespace: 'default',
        name: 'fraud-detection-training',
      },
      'fraud_detection_training',
      { limit: 5 },
    );
  });
});
