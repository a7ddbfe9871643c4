import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { formatTimestamp } from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  manualRunId,
  olderRuns,
  runs,
  target,
} from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import { AirflowRunsTable, AirflowRunsTableProps } from './AirflowRunsTable';

jest.setTimeout(30_000);

const dagId = 'fraud_detection_training';

async function renderTable(
  api = createMockAirflowApi(),
  props: Partial<AirflowRunsTableProps> = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[airflowApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <AirflowRunsTable dagId={dagId} {...props} />
      </EntityProvider>
    </TestApiProvider>,
  );
  await screen.findByRole('table', { name: 'Airflow runs' });
  return api;
}

function rows() {
  return within(screen.getByRole('table', { name: 'Airflow runs' }))
    .getAllByRole('row')
    .slice(1);
}

/** Two pages of runs: 4 on the first, 2 on the second, as the backend would page 6 runs by 4. */
function pagedApi() {
  const api = createMockAirflowApi();
  api.getRuns.mockImplementation(async (_ref, _dagId, query) => ({
    target,
    items: query?.offset ? olderRuns : runs,
    totalEntries: runs.length + olderRuns.length,
    errors: [],
  }));
  return api;
}

describe('AirflowRunsTable', () => {
  it('shows a row per run: state, run id, type, logical date, start, duration, note and link', async () => {
    const api = await renderTable();

    expect(api.getRuns).toHaveBeenCalledWith(entityRef, dagId, {
      limit: 25,
      offset: 0,
    });
    expect(rows()).toHaveLength(4);
    const manual = within(rows()[0]);
    expect(manual.getByText('Failed')).toBeInTheDocument();
    expect(manual.getByText(manualRunId)).toBeInTheDocument();
    expect(manual.getByText('manual')).toBeInTheDocument();
    expect(
      manual.getByText(formatTimestamp(Date.parse('2026-10-22T09:14:03Z'))),
    ).toBeInTheDocument();
    expect(
      manual.getByText(formatTimestamp(Date.parse('2026-10-22T09:16:05Z'))),
    ).toBeInTheDocument();
    expect(manual.getByText('6 min 00 s')).toBeInTheDocument();
    expect(manual.getByText(/Retrain after the label fix/)).toBeInTheDocument();
    expect(
      manual.getByLabelText(`Open run ${manualRunId} in Airflow`),
    ).toHaveAttribute('href', runs[0].url);
    expect(within(rows()[2]).getByText('Running')).toBeInTheDocument();
    expect(within(rows()[2]).getByText('–')).toBeInTheDocument(); // no duration yet
    expect(screen.getByText('1–4 of 4')).toBeInTheDocument();
    expect(screen.getByLabelText('Next page')).toBeDisabled();
    expect(screen.getByLabelText('Previous page')).toBeDisabled();
  });

  it('pages with limit and offset, counting from totalEntries', async () => {
    const api = pagedApi();
    await renderTable(api, { pageSize: 4 });
    expect(screen.getByText('1–4 of 6')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Next page'));

    expect(await screen.findByText('5–6 of 6')).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, dagId, {
      limit: 4,
      offset: 4,
    });
    expect(rows()).toHaveLength(2);
    expect(screen.getByLabelText('Next page')).toBeDisabled();

    await userEvent.click(screen.getByLabelText('Previous page'));
    expect(await screen.findByText('1–4 of 6')).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, dagId, {
      limit: 4,
      offset: 0,
    });
  });

  it('pages on when Airflow does not count, while pages come back full', async () => {
    const api = createMockAirflowApi();
    api.getRuns.mockImplementation(async (_ref, _dagId, query) => ({
      target,
      items: query?.offset ? olderRuns : runs,
      errors: [],
    }));
    await renderTable(api, { pageSize: 4 });
    expect(screen.getByText('1–4')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Next page'));
    expect(await screen.findByText('5–6')).toBeInTheDocument();
    expect(screen.getByLabelText('Next page')).toBeDisabled();
  });

  it('changes the page size, starting again from the first page', async () => {
    const api = pagedApi();
    await renderTable(api, { pageSize: 4 });
    await userEvent.click(screen.getByLabelText('Next page'));
    await screen.findByText('5–6 of 6');

    fireEvent.mouseDown(screen.getByLabelText('Rows per page'));
    fireEvent.click(await screen.findByRole('option', { name: '50' }));

    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, dagId, {
        limit: 50,
        offset: 0,
      }),
    );
  });

  it('filters by state on the server and starts again from the first page', async () => {
    const api = pagedApi();
    await renderTable(api, { pageSize: 4 });
    await userEvent.click(screen.getByLabelText('Next page'));
    await screen.findByText('5–6 of 6');

    await userEvent.click(screen.getByRole('button', { name: 'success' }));
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, dagId, {
        state: ['success'],
        limit: 4,
        offset: 0,
      }),
    );
    // several states, in Airflow's order whatever the click order
    await userEvent.click(screen.getByRole('button', { name: 'failed' }));
    await userEvent.click(screen.getByRole('button', { name: 'queued' }));
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, dagId, {
        state: ['queued', 'success', 'failed'],
        limit: 4,
        offset: 0,
      }),
    );
    expect(screen.getByRole('button', { name: 'failed' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // and off again: no state query at all
    for (const state of ['queued', 'success', 'failed']) {
      await userEvent.click(screen.getByRole('button', { name: state }));
    }
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, dagId, {
        limit: 4,
        offset: 0,
      }),
    );
  });

  it('says when no run has the chosen state', async () => {
    const api = createMockAirflowApi();
    api.getRuns.mockImplementation(async (_ref, _dagId, query) => ({
      target,
      items: query?.state ? [] : runs,
      totalEntries: query?.state ? 0 : runs.length,
      errors: [],
    }));
    await renderTable(api);
    await userEvent.click(screen.getByRole('button', { name: 'queued' }));
    expect(await screen.findByText('No queued runs.')).toBeInTheDocument();
  });

  it('draws the page as a strip, newest on the right, and selects runs from strip and table', async () => {
    const onSelectRun = jest.fn();
    await renderTable(createMockAirflowApi(), {
      selectedRunId: runs[1].runId,
      onSelectRun,
    });
    const strip = screen.getByRole('list', {
      name: `Runs of ${dagId} on this page, newest on the right`,
    });
    const squares = within(strip).getAllByRole('button');
    expect(squares).toHaveLength(4);
    expect(squares[3]).toHaveAccessibleName(
      expect.stringContaining(manualRunId),
    );
    expect(squares[0]).toHaveAccessibleName(
      expect.stringContaining(runs[3].runId),
    );
    expect(squares[2]).toHaveAttribute('aria-pressed', 'true'); // runs[1], selected
    expect(rows()[1]).toHaveClass('Mui-selected');

    await userEvent.click(squares[3]);
    expect(onSelectRun).toHaveBeenLastCalledWith(runs[0]);

    await userEvent.click(
      within(rows()[3]).getByRole('button', { name: runs[3].runId }),
    );
    expect(onSelectRun).toHaveBeenLastCalledWith(runs[3]);
    expect(onSelectRun).toHaveBeenCalledTimes(2);
  });

  it('selects the newest run when nothing is selected yet', async () => {
    const onSelectRun = jest.fn();
    await renderTable(createMockAirflowApi(), { onSelectRun });
    await waitFor(() => expect(onSelectRun).toHaveBeenCalledWith(runs[0]));
  });

  it('shows per-instance errors and failed reads', async () => {
    const api = createMockAirflowApi();
    api.getRuns.mockResolvedValueOnce({
      items: [],
      errors: [
        { instance: 'sandbox', status: 502, message: 'Airflow is down' },
      ],
    });
    await renderTable(api);
    expect(screen.getByText('Airflow is down')).toBeInTheDocument();
    expect(screen.getByText('This DAG has no runs yet.')).toBeInTheDocument();
  });
});
