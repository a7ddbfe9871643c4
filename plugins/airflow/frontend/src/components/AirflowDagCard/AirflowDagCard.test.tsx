import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ResponseError } from '@backstage/errors';
import { formatTimestamp } from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  featuresDag,
  plainEntity,
  runs,
  target,
  trainingDag,
} from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import { mountedRoutes } from '../../__fixtures__/routes';
import { AirflowDagCard } from './AirflowDagCard';

jest.setTimeout(30_000);

async function renderCard(
  api = createMockAirflowApi(),
  entity: Entity = annotatedEntity,
) {
  // Every test here is allowed: usePermission caches answers per permission and resource for
  // the whole file, so the denied and unmanaged cases have files of their own.
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
        <AirflowDagCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes },
  );
  return api;
}

function dagSection(dagId: string) {
  return within(screen.getByRole('region', { name: `DAG ${dagId}` }));
}

describe('AirflowDagCard', () => {
  it('shows each DAG with its link, schedule, next run, health, owners and tags', async () => {
    const api = await renderCard();
    const training = within(
      await screen.findByRole('region', {
        name: 'DAG fraud_detection_training',
      }),
    );

    expect(api.getDags).toHaveBeenCalledWith(entityRef);
    expect(
      training.getByRole('link', { name: 'Fraud detection training' }),
    ).toHaveAttribute('href', trainingDag.url);
    expect(training.getByText('fraud_detection_training')).toBeInTheDocument();
    expect(
      training.getByText(
        'Trains and evaluates the fraud detector every night.',
      ),
    ).toBeInTheDocument();
    expect(training.getByText('0 2 * * *')).toBeInTheDocument();
    expect(training.getByText(/\(At 02:00\)/)).toBeInTheDocument();
    expect(
      training.getByText(formatTimestamp(Date.parse('2026-10-23T02:00:00Z'))),
    ).toBeInTheDocument(); // next run
    expect(
      training.getByText(formatTimestamp(Date.parse('2026-10-22T02:00:05Z'))),
    ).toBeInTheDocument(); // last run
    expect(training.getByText('Failed')).toBeInTheDocument(); // last run
    expect(training.getByText('The last 2 runs failed')).toBeInTheDocument();
    for (const chip of ['fraud-detection', 'alice', 'ml', 'fraud']) {
      expect(training.getByText(chip)).toBeInTheDocument();
    }
    expect(training.getByText('Active')).toBeInTheDocument();
    expect(
      training.getByLabelText('Open fraud_detection_training in Airflow'),
    ).toHaveAttribute('href', trainingDag.url);
    expect(
      training.getByText(/Triggered, paused and cleared by the owners of/),
    ).toBeInTheDocument();

    // the paused, unscheduled DAG that never ran
    const features = dagSection('refresh_features');
    expect(features.getByText('Paused')).toBeInTheDocument();
    expect(
      features.getByText('None: runs only when triggered'),
    ).toBeInTheDocument();
    expect(features.getByText('– (paused)')).toBeInTheDocument();
    expect(features.getByText('Never ran')).toBeInTheDocument();
    expect(await features.findByText('No runs yet.')).toBeInTheDocument();
  });

  it('draws the recent runs as a strip, newest on the right, linking to Airflow', async () => {
    const api = await renderCard();
    const strip = await screen.findByRole('list', {
      name: 'Recent runs of fraud_detection_training',
    });
    expect(api.getRuns).toHaveBeenCalledWith(entityRef, trainingDag.dagId, {
      limit: 14,
    });
    const squares = within(strip).getAllByRole('link');
    expect(squares).toHaveLength(runs.length);
    // the answer is newest first; the strip reads left to right, oldest first
    expect(squares[squares.length - 1]).toHaveAttribute('href', runs[0].url);
    expect(squares[squares.length - 1]).toHaveAccessibleName(
      expect.stringContaining('failed · manual__2026-10-22T09:14:03+00:00'),
    );
    expect(squares[0]).toHaveAttribute('href', runs[3].url);
    expect(squares.map(s => s.getAttribute('data-status-category'))).toEqual([
      'ok',
      'running',
      'error',
      'error',
    ]);
  });

  it('pauses a DAG with permission, sending isPaused, and shows the DAG as the write left it', async () => {
    const api = await renderCard();
    const toggle = await screen.findByRole('checkbox', {
      name: 'Run fraud_detection_training on its schedule',
    });
    expect(toggle).toBeChecked();

    await userEvent.click(toggle);

    expect(api.setPaused).toHaveBeenCalledTimes(1);
    expect(api.setPaused).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      {
        isPaused: true,
      },
    );
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(
      dagSection('fraud_detection_training').getByText('Paused'),
    ).toBeInTheDocument();
    expect(api.getDags).toHaveBeenCalledTimes(1);

    // and unpauses the paused one
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Run refresh_features on its schedule',
      }),
    );
    expect(api.setPaused).toHaveBeenLastCalledWith(
      entityRef,
      'refresh_features',
      {
        isPaused: false,
      },
    );
    await waitFor(() =>
      expect(
        dagSection('refresh_features').getByText('Active'),
      ).toBeInTheDocument(),
    );
    // the first DAG's write is kept
    expect(
      dagSection('fraud_detection_training').getByText('Paused'),
    ).toBeInTheDocument();
  });

  it('shows why a pause failed and keeps the DAG as it was', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message:
              "user:default/guest may not pause 'fraud_detection_training'",
          },
          request: { method: 'POST', url: '/paused' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = createMockAirflowApi({
      setPaused: jest.fn().mockRejectedValue(forbidden),
    });
    await renderCard(api);
    const toggle = await screen.findByRole('checkbox', {
      name: 'Run fraud_detection_training on its schedule',
    });
    await userEvent.click(toggle);
    expect(
      await screen.findByText(
        "user:default/guest may not pause 'fraud_detection_training'",
      ),
    ).toBeInTheDocument();
    expect(toggle).toBeChecked();
  });

  it('triggers a run from the card and shows it in the strip', async () => {
    const api = await renderCard();
    const training = within(
      await screen.findByRole('region', {
        name: 'DAG fraud_detection_training',
      }),
    );
    await userEvent.click(training.getByRole('button', { name: 'Trigger' }));
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Trigger' }));

    expect(api.triggerRun).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      {},
    );
    expect(
      await training.findByText('manual__2026-10-23T10:00:00+00:00'),
    ).toBeInTheDocument();
    // the strip reads the runs again
    await waitFor(() =>
      expect(
        api.getRuns.mock.calls.filter(
          ([, dagId]) => dagId === trainingDag.dagId,
        ),
      ).toHaveLength(2),
    );
  });

  it('shows an instance that is down, and the DAGs that could be read', async () => {
    const api = createMockAirflowApi({
      getDags: jest.fn().mockResolvedValue({
        target,
        items: [featuresDag],
        errors: [
          {
            instance: 'sandbox',
            status: 503,
            message: 'Airflow is restarting',
          },
        ],
      }),
    });
    await renderCard(api);
    expect(
      await screen.findByText('Airflow is restarting'),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Airflow instance 'sandbox' could not be read", {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'DAG refresh_features' }),
    ).toBeInTheDocument();
    // an instance error is not a missing DAG
    expect(
      screen.queryByText(/not found on Airflow instance/),
    ).not.toBeInTheDocument();
  });

  it('names annotated DAGs Airflow does not know', async () => {
    const api = createMockAirflowApi({
      getDags: jest.fn().mockResolvedValue({
        target,
        items: [trainingDag],
        errors: [],
      }),
    });
    await renderCard(api);
    const note = await screen.findByText(
      /was not found on Airflow instance 'sandbox'/,
    );
    expect(within(note).getByText('refresh_features')).toBeInTheDocument();
    expect(
      within(note).getByText('airflow.apache.org/dag-id'),
    ).toBeInTheDocument();
  });

  it('explains the missing annotation and reads nothing', async () => {
    const api = await renderCard(createMockAirflowApi(), plainEntity);
    expect(
      await screen.findByText('airflow.apache.org/dag-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(api.getDags).not.toHaveBeenCalled();
  });

  it('shows a failed read', async () => {
    const api = createMockAirflowApi({
      getDags: jest.fn().mockRejectedValue(new Error('backend unreachable')),
    });
    await renderCard(api);
    expect(
      await screen.findByText('Error: backend unreachable', { selector: 'h6' }),
    ).toBeInTheDocument();
  });
});
