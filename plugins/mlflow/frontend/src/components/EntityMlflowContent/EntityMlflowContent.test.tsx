import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Route, Routes } from 'react-router-dom';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import {
  annotatedEntity,
  experimentOnlyEntity,
  modelOnlyEntity,
  plainEntity,
} from '../../__fixtures__/data';
import { createMockMlflowApi } from '../../__fixtures__/mockApi';
// the legacy extension, as an app on @backstage/core-plugin-api mounts it
import { EntityMlflowContent } from '../../plugin';
import { mountedRoutes } from '../../__fixtures__/routes';

jest.setTimeout(30_000);

async function renderContent(entity: Entity, api = createMockMlflowApi()) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [mlflowApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>
        {/* as in an app: a routable extension is the element of a route */}
        <Routes>
          <Route path="/*" element={<EntityMlflowContent />} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes },
  );
  return api;
}

describe('EntityMlflowContent (legacy)', () => {
  it('shows the model, the runs and the comparison chart of an annotated entity', async () => {
    const api = await renderContent(annotatedEntity);

    expect(await screen.findByLabelText('Model versions')).toBeInTheDocument();
    expect(await screen.findByLabelText('MLflow runs')).toBeInTheDocument();
    expect(screen.getByText('Metric history')).toBeInTheDocument();
    expect(api.getModel).toHaveBeenCalledTimes(1);
    expect(api.getRuns).toHaveBeenCalledTimes(1);

    // selecting runs in the table feeds the chart
    await userEvent.click(screen.getByLabelText('Compare run xgb-trial-1'));
    await userEvent.click(screen.getByLabelText('Compare run xgb-trial-3'));
    await waitFor(() =>
      expect(api.compareRuns).toHaveBeenLastCalledWith(
        {
          kind: 'Component',
          namespace: 'default',
          name: 'fraud-detection-model',
        },
        { runIds: ['run1', 'run3'] },
      ),
    );
    expect(await screen.findByText('2 runs compared')).toBeInTheDocument();
  });

  it('explains the missing annotations on an entity without them', async () => {
    const api = await renderContent(plainEntity);
    // the annotation names, each shown as code
    expect(
      await screen.findByText('mlflow.org/experiment', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('mlflow.org/registered-model', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(api.getRuns).not.toHaveBeenCalled();
    expect(api.getModel).not.toHaveBeenCalled();
  });

  it('shows only the runs for an experiment, and only the model for a registered model', async () => {
    const runsOnly = await renderContent(experimentOnlyEntity);
    expect(await screen.findByLabelText('MLflow runs')).toBeInTheDocument();
    expect(screen.queryByLabelText('Model versions')).not.toBeInTheDocument();
    expect(runsOnly.getModel).not.toHaveBeenCalled();
  });

  it('shows only the model for a registered model', async () => {
    const modelOnly = await renderContent(modelOnlyEntity);
    expect(await screen.findByLabelText('Model versions')).toBeInTheDocument();
    expect(screen.queryByText('Metric history')).not.toBeInTheDocument();
    expect(modelOnly.getRuns).not.toHaveBeenCalled();
  });

  it('keeps the model when the runs fail, and the runs when an instance fails', async () => {
    const api = createMockMlflowApi({
      getRuns: jest.fn().mockResolvedValue({
        items: [],
        errors: [{ instance: 'sandbox', status: 502, message: 'bad gateway' }],
      }),
    });
    await renderContent(annotatedEntity, api);

    const versions = await screen.findByLabelText('Model versions');
    expect(within(versions).getAllByRole('row')).toHaveLength(6);
    expect(await screen.findByText('bad gateway')).toBeInTheDocument();
    expect(screen.getByText('sandbox · HTTP 502')).toBeInTheDocument();
  });
});
