import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Route, Routes, useLocation } from 'react-router-dom';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  experimentId,
  pipeline,
  plainEntity,
  runs,
  target,
  uiUrl,
  versionOneId,
} from '../../__fixtures__/data';
import { createMockKubeflowApi } from '../../__fixtures__/mockApi';
import { mountedRoutes } from '../../__fixtures__/routes';
// the legacy extension, as an app on @backstage/core-plugin-api mounts it
import { EntityKubeflowContent } from '../../plugin';

jest.setTimeout(30_000);

let search = '';
function LocationProbe() {
  search = useLocation().search;
  return null;
}

async function renderContent(
  entity: Entity = annotatedEntity,
  api = createMockKubeflowApi(),
  routeEntries = ['/'],
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kubeflowApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        {/* as in an app: a routable extension is the element of a route */}
        <Routes>
          <Route
            path="/*"
            element={
              <>
                <EntityKubeflowContent />
                <LocationProbe />
              </>
            }
          />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes, routeEntries },
  );
  return api;
}

describe('EntityKubeflowContent (legacy)', () => {
  it('shows the pipeline, its runs, recurring runs and experiments, with links to the KFP UI', async () => {
    const api = await renderContent();

    const header = within(
      await screen.findByRole('region', {
        name: 'Pipeline fraud-detection-training',
      }),
    );
    expect(api.getPipeline).toHaveBeenCalledWith(entityRef);
    const [kfpLink, authorityLink] = header.getAllByRole('link', {
      name: 'fraud-detection-training',
    });
    expect(kfpLink).toHaveAttribute('href', pipeline.url);
    // whose owners may start runs: the pipeline's ingested Resource
    expect(authorityLink).toHaveAttribute(
      'href',
      '/catalog/default/resource/fraud-detection-training',
    );
    expect(
      header.getByLabelText(
        'Open fraud-detection-training in Kubeflow Pipelines',
      ),
    ).toHaveAttribute('href', pipeline.url);
    expect(
      header.getByText('Trains and evaluates the fraud detector.'),
    ).toBeInTheDocument();
    expect(header.getByRole('button', { name: /Version/ })).toHaveTextContent(
      'v2 (newest)',
    );
    expect(header.getByRole('link', { name: 'v2' })).toHaveAttribute(
      'href',
      pipeline.versions[0].url,
    );
    expect(
      within(header.getByRole('list', { name: 'Parameters of v2' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'epochs number_integer, required',
      'learning_rate number_double, default 0.01',
      'dataset string, default "s3://fraud/transactions.parquet"',
      'use_gpu boolean, default false',
      'features list, default ["amount","mcc"]',
      'hyperparameters struct',
    ]);
    expect(screen.getByText('Instance sandbox')).toBeInTheDocument();

    expect(
      await screen.findByRole('table', { name: 'Kubeflow runs' }),
    ).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenCalledWith(entityRef, { pageSize: 25 });
    expect(
      await screen.findByRole('table', { name: 'Kubeflow recurring runs' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'fraud-detection' }),
    ).toHaveAttribute('href', `${uiUrl}/#/experiments/details/${experimentId}`);
    // no run is open until one is clicked
    expect(screen.queryByText(/^Run fraud-detection-training/)).toBeNull();
    expect(api.getRun).not.toHaveBeenCalled();
  });

  it('opens a run’s view with its task graph when the run is clicked, in the URL', async () => {
    const api = await renderContent();
    await screen.findByRole('table', { name: 'Kubeflow runs' });

    await userEvent.click(screen.getByRole('button', { name: runs[2].name }));

    expect(await screen.findByText(`Run ${runs[2].name}`)).toBeInTheDocument();
    expect(api.getRun).toHaveBeenCalledWith(entityRef, runs[2].runId);
    expect(
      await screen.findByRole(
        'img',
        { name: /^Task graph of / },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(new URLSearchParams(search).get('run')).toBe(runs[2].runId);

    await userEvent.click(screen.getByLabelText('Close the run'));
    await waitFor(() =>
      expect(screen.queryByText(`Run ${runs[2].name}`)).toBeNull(),
    );
    expect(new URLSearchParams(search).has('run')).toBe(false);
  });

  it('opens the run a link names', async () => {
    const api = await renderContent(annotatedEntity, createMockKubeflowApi(), [
      `/?run=${runs[1].runId}`,
    ]);
    expect(await screen.findByText(`Run ${runs[1].name}`)).toBeInTheDocument();
    expect(api.getRun).toHaveBeenCalledWith(entityRef, runs[1].runId);
  });

  it('starts a run of the picked version, then opens it and reads the runs again', async () => {
    const api = await renderContent();
    const header = within(
      await screen.findByRole('region', {
        name: 'Pipeline fraud-detection-training',
      }),
    );
    fireEvent.mouseDown(header.getByRole('button', { name: /Version/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'v1' }));
    expect(
      header.getByRole('list', { name: 'Parameters of v1' }),
    ).toBeInTheDocument();

    await userEvent.click(header.getByRole('button', { name: 'Start run' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByRole('button', { name: /Pipeline version/ }),
    ).toHaveTextContent('v1');
    await userEvent.type(dialog.getByRole('textbox', { name: 'epochs' }), '5');
    await userEvent.click(dialog.getByRole('button', { name: 'Start run' }));

    expect(api.createRun).toHaveBeenCalledWith(entityRef, {
      pipelineVersionId: versionOneId,
      parameters: { epochs: 5 },
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(header.getByText(/^Started run/)).toBeInTheDocument();
    expect(
      header.getByRole('link', {
        name: 'fraud-detection-training 2026-10-23 10:00',
      }),
    ).toHaveAttribute(
      'href',
      `${uiUrl}/#/runs/details/11111111-2222-4333-8444-555566667777`,
    );
    await waitFor(() => expect(api.getRuns).toHaveBeenCalledTimes(2));
    expect(api.getRun).toHaveBeenCalledWith(
      entityRef,
      '11111111-2222-4333-8444-555566667777',
    );
  });

  it('explains the missing annotations on an entity without them, reading nothing', async () => {
    const api = await renderContent(plainEntity);
    expect(
      await screen.findByText('kubeflow.org/pipeline', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('kubeflow.org/experiment', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(api.getPipeline).not.toHaveBeenCalled();
  });

  it('shows an instance that is down instead of the pipeline, asking for nothing more', async () => {
    const api = createMockKubeflowApi({
      getPipeline: jest.fn().mockResolvedValue({
        target,
        errors: [
          {
            instance: 'sandbox',
            message: 'connect ECONNREFUSED 127.0.0.1:7200',
          },
        ],
      }),
    });
    await renderContent(annotatedEntity, api);
    expect(
      await screen.findByText('connect ECONNREFUSED 127.0.0.1:7200'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByText(/Check the/)).not.toBeInTheDocument();
    expect(api.getRuns).not.toHaveBeenCalled();
    expect(api.getRecurringRuns).not.toHaveBeenCalled();
  });

  it('points at the annotation when the pipeline does not exist', async () => {
    const api = createMockKubeflowApi({
      getPipeline: jest.fn().mockResolvedValue({
        target: { instance: 'sandbox', uiUrl },
        errors: [
          {
            instance: 'sandbox',
            status: 404,
            message: "pipeline 'fraud-detection-training' not found.",
          },
        ],
      }),
    });
    await renderContent(annotatedEntity, api);
    const note = await screen.findByText(/Check the/);
    expect(note).toHaveTextContent(
      "pipeline 'fraud-detection-training' not found. Check the kubeflow.org/pipeline and kubeflow.org/experiment annotations of this entity (instance 'sandbox').",
    );
  });

  it('shows the runs of an entity that names only an experiment', async () => {
    const api = createMockKubeflowApi({
      getPipeline: jest.fn().mockResolvedValue({
        target: {
          instance: 'sandbox',
          uiUrl,
          experiment: { id: experimentId, name: 'fraud-detection' },
        },
        errors: [],
      }),
    });
    await renderContent(
      {
        ...annotatedEntity,
        metadata: {
          ...annotatedEntity.metadata,
          annotations: { 'kubeflow.org/experiment': 'fraud-detection' },
        },
      },
      api,
    );
    expect(
      await screen.findByText(/^Runs of the experiment/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: 'fraud-detection' })[0],
    ).toHaveAttribute('href', `${uiUrl}/#/experiments/details/${experimentId}`);
    expect(
      await screen.findByRole('table', { name: 'Kubeflow runs' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start run' })).toBeNull();
  });
});
