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
import { singleDagEntity, target, trainingDag } from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import { mountedRoutes } from '../../__fixtures__/routes';
import { AirflowDagCard } from './AirflowDagCard';

jest.setTimeout(30_000);

// Its own file: usePermission caches answers for the whole test file.
describe('AirflowDagCard for a DAG no provider ingested', () => {
  it('offers writes only on the admins-only permission, and says why', async () => {
    const permissionApi = mockApis.permission({
      authorize: request =>
        request.permission.name === 'mlops.unmanaged-object.write'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    const api = createMockAirflowApi({
      getDags: jest.fn().mockResolvedValue({
        target: { ...target, dagIds: [trainingDag.dagId] },
        items: [
          {
            ...trainingDag,
            authority: {
              reason:
                "the catalog has no entity 'resource:default/fraud-detection-training'",
            },
          },
        ],
        errors: [],
      }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [airflowApiRef, api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <EntityProvider entity={singleDagEntity}>
          <AirflowDagCard />
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
      await screen.findByRole('button', { name: 'Trigger' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', {
        name: 'Run fraud_detection_training on its schedule',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Only admins may change it/)).toBeInTheDocument();
    expect(screen.getByText('Airflow DAG')).toBeInTheDocument();
  });
});
