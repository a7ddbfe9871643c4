import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { formatTimestamp } from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  olderRuns,
  pipeline,
  runs,
  target,
} from '../../__fixtures__/data';
import { createMockKubeflowApi } from '../../__fixtures__/mockApi';
import { KubeflowRunsTable, KubeflowRunsTableProps } from './KubeflowRunsTable';

jest.setTimeout(30_000);

async function renderTable(
  api = createMockKubeflowApi(),
  props: Partial<KubeflowRunsTableProps> = {},
) {
  const view = await renderInTestApp(
    <TestApiProvider apis={[[kubeflowApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <KubeflowRunsTable pipeline={pipeline} {...props} />
      </EntityProvider>
    </TestApiProvider>,
  );
  await screen.findByRole('table', { name: 'Kubeflow runs' });
  return { api, view };
}

function rows() {
  return within(screen.getByRole('table', { name: 'Kubeflow runs' }))
    .getAllByRole('row')
    .slice(1);
}

/** Three pages by token: 4 runs, then 2, then 1; KFP does not count them here. */
function pagedApi() {
  const api = createMockKubeflowApi();
  api.getRuns.mockImplementation(async (_ref, query) => {
    if (query?.pageToken === 'token-3') {
      return { target, items: [runs[3]], errors: [] };
    }
    if (query?.pageToken === 'token-2') {
      return { target, items: olderRuns, nextPageToken: 'token-3', errors: [] };
    }
    return { target, items: runs, nextPageToken: 'token-2', errors: [] };
  });
  return api;
}

describe('KubeflowRunsTable', () => {
  it('shows a row per run: state in its colour, name, version, created, duration and link', async () => {
    const { api } = await renderTable();

    expect(api.getRuns).toHaveBeenCalledWith(entityRef, { pageSize: 25 });
    expect(rows()).toHaveLength(4);
    const failed = within(rows()[0]);
    expect(
      failed.getByText('Failed').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'error');
    expect(failed.getByText(runs[0].name)).toBeInTheDocument();
    expect(failed.getByText('train: OOMKilled')).toBeInTheDocument();
    expect(failed.getByText('v2')).toBeInTheDocument();
    expect(
      failed.getByText(formatTimestamp(Date.parse('2026-10-22T02:00:00Z'))),
    ).toBeInTheDocument();
    expect(failed.getByText('6 min 00 s')).toBeInTheDocument();
    expect(
      failed.getByLabelText(`Open run ${runs[0].name} in Kubeflow Pipelines`),
    ).toHaveAttribute('href', runs[0].url);

    const running = within(rows()[1]);
    expect(
      running.getByText('Running').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'running');
    expect(running.getByText('–')).toBeInTheDocument(); // no duration yet
    expect(within(rows()[2]).getByText('v1')).toBeInTheDocument();
    expect(within(rows()[2]).getByText('Succeeded')).toBeInTheDocument();
    expect(within(rows()[3]).getByText('Canceled')).toBeInTheDocument();

    expect(screen.getByText('1–4 of 4')).toBeInTheDocument();
    expect(screen.getByLabelText('Next page')).toBeDisabled();
    expect(screen.getByLabelText('Previous page')).toBeDisabled();
  });

  it('pages forward with each answer’s token and back with the one before', async () => {
    const api = pagedApi();
    await renderTable(api, { pageSize: 4 });
    expect(screen.getByText('1–4')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Next page'));
    expect(await screen.findByText('5–6')).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, {
      pageSize: 4,
      pageToken: 'token-2',
    });
    expect(rows()).toHaveLength(2);

    await userEvent.click(screen.getByLabelText('Next page'));
    expect(await screen.findByText('9–9')).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, {
      pageSize: 4,
      pageToken: 'token-3',
    });
    // the last page has no token: nothing after it
    expect(screen.getByLabelText('Next page')).toBeDisabled();

    await userEvent.click(screen.getByLabelText('Previous page'));
    expect(await screen.findByText('5–6')).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, {
      pageSize: 4,
      pageToken: 'token-2',
    });
    await userEvent.click(screen.getByLabelText('Previous page'));
    expect(await screen.findByText('1–4')).toBeInTheDocument();
    // the first page is asked for without a token
    expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, { pageSize: 4 });
    expect(screen.getByLabelText('Previous page')).toBeDisabled();
  });

  it('filters by state on the server, starting again from the first page', async () => {
    const api = pagedApi();
    await renderTable(api, { pageSize: 4 });
    await userEvent.click(screen.getByLabelText('Next page'));
    await screen.findByText('5–6');

    fireEvent.mouseDown(screen.getByLabelText('Filter runs by state'));
    fireEvent.click(await screen.findByRole('option', { name: 'Failed' }));
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, {
        state: 'FAILED',
        pageSize: 4,
      }),
    );

    fireEvent.mouseDown(screen.getByLabelText('Filter runs by state'));
    fireEvent.click(await screen.findByRole('option', { name: 'All states' }));
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, { pageSize: 4 }),
    );
  });

  it('changes the page size, starting again from the first page', async () => {
    const api = pagedApi();
    await renderTable(api, { pageSize: 4 });
    await userEvent.click(screen.getByLabelText('Next page'));
    await screen.findByText('5–6');

    fireEvent.mouseDown(screen.getByLabelText('Rows per page'));
    fireEvent.click(await screen.findByRole('option', { name: '50' }));
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, { pageSize: 50 }),
    );
  });

  it('goes back to the first page when reloaded, e.g. after a run was started', async () => {
    const api = pagedApi();
    const { view } = await renderTable(api, { pageSize: 4, reloadKey: 0 });
    await userEvent.click(screen.getByLabelText('Next page'));
    await screen.findByText('5–6');
    const calls = api.getRuns.mock.calls.length;

    view.rerender(
      <TestApiProvider apis={[[kubeflowApiRef, api]]}>
        <EntityProvider entity={annotatedEntity}>
          <KubeflowRunsTable pipeline={pipeline} pageSize={4} reloadKey={1} />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('1–4')).toBeInTheDocument();
    // one read, of the first page
    expect(api.getRuns.mock.calls.slice(calls)).toEqual([
      [entityRef, { pageSize: 4 }],
    ]);
  });

  it('says when there are no runs yet, and when none has the chosen state', async () => {
    const api = createMockKubeflowApi();
    api.getRuns.mockResolvedValue({ target, items: [], errors: [] });
    await renderTable(api);
    expect(
      screen.getByText('No runs yet: start one, or wait for a recurring run.'),
    ).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByLabelText('Filter runs by state'));
    fireEvent.click(await screen.findByRole('option', { name: 'Canceling' }));
    expect(await screen.findByText('No canceling runs.')).toBeInTheDocument();
  });

  it('draws the page as a strip, newest on the right, and selects runs from strip and table', async () => {
    const onSelectRun = jest.fn();
    await renderTable(createMockKubeflowApi(), {
      selectedRunId: runs[1].runId,
      onSelectRun,
    });
    const strip = screen.getByRole('list', {
      name: 'Runs on this page, newest on the right',
    });
    const squares = within(strip).getAllByRole('button');
    expect(squares).toHaveLength(4);
    expect(squares[3]).toHaveAccessibleName(
      expect.stringContaining(runs[0].name),
    );
    expect(squares.map(s => s.getAttribute('data-status-category'))).toEqual([
      'error',
      'ok',
      'running',
      'error',
    ]);
    expect(squares[2]).toHaveAttribute('aria-pressed', 'true');
    expect(rows()[1]).toHaveClass('Mui-selected');

    await userEvent.click(squares[3]);
    expect(onSelectRun).toHaveBeenLastCalledWith(runs[0]);
    await userEvent.click(
      within(rows()[3]).getByRole('button', { name: runs[3].name }),
    );
    expect(onSelectRun).toHaveBeenLastCalledWith(runs[3]);
    expect(onSelectRun).toHaveBeenCalledTimes(2);
  });

  it('shows per-instance errors as a panel', async () => {
    const api = createMockKubeflowApi();
    api.getRuns.mockResolvedValue({
      items: [],
      errors: [
        { instance: 'sandbox', status: 502, message: 'KFP API server is down' },
      ],
    });
    await renderTable(api);
    expect(screen.getByText('KFP API server is down')).toBeInTheDocument();
    expect(
      screen.getByText(
        "Kubeflow Pipelines instance 'sandbox' could not be read",
        {
          exact: false,
        },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('No runs to show.')).toBeInTheDocument();
  });
});
