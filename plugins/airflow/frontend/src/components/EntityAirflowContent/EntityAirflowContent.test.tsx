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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  featuresDag,
  manualRunId,
  plainEntity,
  runs,
  target,
} from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import { mountedRoutes } from '../../__fixtures__/routes';
// the legacy extension, as an app on @backstage/core-plugin-api mounts it
import { EntityAirflowContent } from '../../plugin';

jest.setTimeout(30_000);

async function renderContent(entity: Entity, api = createMockAirflowApi()) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [airflowApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        {/* as in an app: a routable extension is the element of a route */}
        <Routes>
          <Route path="/*" element={<EntityAirflowContent />} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes },
  );
  return api;
}

describe('EntityAirflowContent (legacy)', () => {
  it('shows the first DAG with its runs and the tasks of its newest run', async () => {
    const api = await renderContent(annotatedEntity);

    const tabs = within(await screen.findByRole('tablist', { name: 'DAGs' }));
    expect(tabs.getAllByRole('tab').map(t => t.textContent)).toEqual([
      'Fraud detection training',
      'refresh_features',
    ]);
    expect(
      screen.getByRole('region', { name: 'DAG fraud_detection_training' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Airflow runs' }),
    ).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      {
        limit: 25,
        offset: 0,
      },
    );
    // the newest run is selected, and its tasks shown
    expect(
      await screen.findByText(`Tasks of ${manualRunId}`),
    ).toBeInTheDocument();
    expect(api.getTaskInstances).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      manualRunId,
    );
  });

  it('shows the tasks of the run clicked in the strip', async () => {
    const api = await renderContent(annotatedEntity);
    await screen.findByText(`Tasks of ${manualRunId}`);
    const strip = screen.getByRole('list', {
      name: /^Runs of fraud_detection_training/,
    });

    await userEvent.click(
      within(strip).getByRole('button', {
        name: new RegExp(escape(runs[3].runId)),
      }),
    );

    expect(
      await screen.findByText(`Tasks of ${runs[3].runId}`),
    ).toBeInTheDocument();
    expect(api.getTaskInstances).toHaveBeenLastCalledWith(
      entityRef,
      'fraud_detection_training',
      runs[3].runId,
    );
  });

  it('switches DAG with the tabs', async () => {
    const api = await renderContent(annotatedEntity);
    await screen.findByText(`Tasks of ${manualRunId}`);

    await userEvent.click(
      screen.getByRole('tab', { name: 'refresh_features' }),
    );

    expect(
      await screen.findByRole('region', { name: 'DAG refresh_features' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('This DAG has no runs yet.'),
    ).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenLastCalledWith(
      entityRef,
      'refresh_features',
      {
        limit: 25,
        offset: 0,
      },
    );
    expect(screen.queryByText(/^Tasks of/)).not.toBeInTheDocument();
  });

  it('selects a triggered run and reads the runs again', async () => {
    const api = await renderContent(annotatedEntity);
    await screen.findByText(`Tasks of ${manualRunId}`);

    await userEvent.click(screen.getByRole('button', { name: 'Trigger' }));
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Trigger' }));

    expect(
      await screen.findByText('Tasks of manual__2026-10-23T10:00:00+00:00'),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.getRuns).toHaveBeenCalledTimes(2));
  });

  it('explains the missing annotation on an entity without one', async () => {
    const api = await renderContent(plainEntity);
    expect(
      await screen.findByText('airflow.apache.org/dag-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(api.getDags).not.toHaveBeenCalled();
  });

  it('shows an instance that is down instead of the DAGs', async () => {
    const api = createMockAirflowApi({
      getDags: jest.fn().mockResolvedValue({
        target,
        items: [],
        errors: [
          {
            instance: 'sandbox',
            message: 'connect ECONNREFUSED 127.0.0.1:7100',
          },
        ],
      }),
    });
    await renderContent(annotatedEntity, api);
    expect(
      await screen.findByText('connect ECONNREFUSED 127.0.0.1:7100'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(
      screen.queryByText(/not found on Airflow instance/),
    ).not.toBeInTheDocument();
    expect(api.getRuns).not.toHaveBeenCalled();
  });

  it('says which DAG was not found, and shows the others', async () => {
    const api = createMockAirflowApi({
      getDags: jest.fn().mockResolvedValue({
        target,
        items: [featuresDag],
        errors: [
          {
            instance: 'sandbox',
            status: 404,
            message: "DAG 'fraud_detection_training' not found",
          },
        ],
      }),
    });
    await renderContent(annotatedEntity, api);
    expect(
      await screen.findByText(/was not found on Airflow instance 'sandbox'/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'DAG refresh_features' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('tablist')).not.toBeInTheDocument();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
