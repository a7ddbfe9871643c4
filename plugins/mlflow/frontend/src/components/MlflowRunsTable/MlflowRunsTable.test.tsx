import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { MlflowRunSummary } from '@mlops-portal/plugin-mlflow-common';
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import {
  annotatedEntity,
  nextRuns,
  runs,
  target,
} from '../../__fixtures__/data';
import { createMockMlflowApi } from '../../__fixtures__/mockApi';
import { MlflowRunsTable, MlflowRunsTableProps } from './MlflowRunsTable';

// MUI tables are large DOM trees; role queries over them take a while in jsdom
jest.setTimeout(30_000);

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};

async function renderTable(
  api = createMockMlflowApi(),
  props: MlflowRunsTableProps = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[mlflowApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <MlflowRunsTable {...props} />
      </EntityProvider>
    </TestApiProvider>,
  );
  await screen.findByRole('table', { name: 'MLflow runs' });
  return api;
}

function rows() {
  // the first two rows are the header rows
  return within(screen.getByRole('table', { name: 'MLflow runs' }))
    .getAllByRole('row')
    .slice(2);
}

describe('MlflowRunsTable', () => {
  it('shows one row per run with status, name, start, duration, user, metrics, params and a link', async () => {
    const api = await renderTable();

    expect(api.getRuns).toHaveBeenCalledWith(entityRef, {
      pageToken: undefined,
      maxResults: 25,
      orderBy: ['attributes.start_time DESC'],
      filter: undefined,
    });
    expect(rows()).toHaveLength(3);
    const first = within(rows()[0]);
    expect(first.getByText('Finished')).toBeInTheDocument();
    expect(first.getByRole('link', { name: 'xgb-trial-1' })).toHaveAttribute(
      'href',
      runs[0].url,
    );
    expect(first.getByText('3 min 05 s')).toBeInTheDocument();
    expect(first.getByText('alice')).toBeInTheDocument();
    expect(first.getByText('0.91')).toBeInTheDocument(); // auc
    expect(first.getByText('5')).toBeInTheDocument(); // max_depth
    expect(
      first.getByLabelText('Open run xgb-trial-1 in MLflow'),
    ).toHaveAttribute('href', runs[0].url);
    expect(within(rows()[1]).getByText('Running')).toBeInTheDocument();
    expect(within(rows()[2]).getByText('Failed')).toBeInTheDocument();
    expect(within(rows()[2]).getByText('bob')).toBeInTheDocument();

    // columns come from the metrics and params on the page: 5 metrics, then 2 params
    for (const key of ['auc', 'f1', 'precision', 'recall', 'train_loss']) {
      expect(
        screen.getByLabelText(`Sort by metric ${key}`),
      ).toBeInTheDocument();
    }
    expect(
      screen.queryByLabelText('Sort by metric val_auc'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByLabelText('Sort by param learning_rate'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Open the experiment in MLflow'),
    ).toHaveAttribute('href', `${target.uiUrl}/#/experiments/1`);
  });

  it('sorts on the server by the clicked metric, best first, then flips', async () => {
    const api = await renderTable();

    await userEvent.click(screen.getByLabelText('Sort by metric auc'));
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(
        entityRef,
        expect.objectContaining({ orderBy: ['metrics.auc DESC'] }),
      ),
    );

    await userEvent.click(screen.getByLabelText('Sort by metric auc'));
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(
        entityRef,
        expect.objectContaining({ orderBy: ['metrics.auc ASC'] }),
      ),
    );

    await userEvent.click(screen.getByLabelText('Sort by param max_depth'));
    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(
        entityRef,
        expect.objectContaining({ orderBy: ['params.max_depth ASC'] }),
      ),
    );
  });

  it('pages forward with the page token and back again', async () => {
    const api = createMockMlflowApi();
    api.getRuns.mockImplementation(async (_ref, query) =>
      query?.pageToken === 'page-2'
        ? { target, items: nextRuns, errors: [] }
        : { target, items: runs, nextPageToken: 'page-2', errors: [] },
    );
    await renderTable(api);

    expect(screen.getByLabelText('Previous page')).toBeDisabled();
    await userEvent.click(screen.getByLabelText('Next page'));

    expect(await screen.findByText('xgb-trial-4')).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenLastCalledWith(
      entityRef,
      expect.objectContaining({ pageToken: 'page-2' }),
    );
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(rows()).toHaveLength(2);
    expect(screen.getByLabelText('Next page')).toBeDisabled();

    await userEvent.click(screen.getByLabelText('Previous page'));
    expect(await screen.findByText('xgb-trial-1')).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenLastCalledWith(
      entityRef,
      expect.objectContaining({ pageToken: undefined }),
    );
  });

  it('passes the filter on Enter and starts again from the first page', async () => {
    const api = createMockMlflowApi();
    api.getRuns.mockImplementation(async (_ref, query) => ({
      target,
      items: query?.filter ? [runs[0]] : runs,
      nextPageToken: query?.filter ? undefined : 'page-2',
      errors: [],
    }));
    await renderTable(api);
    await userEvent.click(screen.getByLabelText('Next page'));
    await screen.findByText('Page 2');

    await userEvent.type(
      screen.getByLabelText('Filter runs'),
      "metrics.auc > 0.9 and params.max_depth = '5'{Enter}",
    );

    await waitFor(() =>
      expect(api.getRuns).toHaveBeenLastCalledWith(entityRef, {
        pageToken: undefined,
        maxResults: 25,
        orderBy: ['attributes.start_time DESC'],
        filter: "metrics.auc > 0.9 and params.max_depth = '5'",
      }),
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByText('Page 1')).toBeInTheDocument();
  });

  it('shows a bad filter as an error and keeps the filter box', async () => {
    const api = createMockMlflowApi();
    api.getRuns.mockImplementation(async (_ref, query) => {
      if (query?.filter) {
        throw new Error("Invalid filter 'metrics.auc >>> 1'");
      }
      return { target, items: runs, errors: [] };
    });
    await renderTable(api);

    await userEvent.type(
      screen.getByLabelText('Filter runs'),
      'metrics.auc >>> 1{Enter}',
    );

    expect(
      await screen.findByText("Error: Invalid filter 'metrics.auc >>> 1'", {
        selector: 'h6',
      }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Filter runs')).toBeInTheDocument();
  });

  it('lets the user choose the metric and param columns', async () => {
    await renderTable();

    await userEvent.click(screen.getByText('Columns'));
    await userEvent.click(screen.getByLabelText('Show metric val_auc'));
    await userEvent.click(screen.getByLabelText('Show metric precision'));
    await userEvent.click(screen.getByLabelText('Show param learning_rate'));
    await userEvent.keyboard('{Escape}');

    expect(screen.getByLabelText('Sort by metric val_auc')).toBeInTheDocument();
    expect(
      screen.queryByLabelText('Sort by metric precision'),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByLabelText('Sort by param learning_rate'),
    ).not.toBeInTheDocument();
    expect(within(rows()[0]).getByText('0.9')).toBeInTheDocument(); // val_auc of run 1
  });

  it('selects runs for comparison up to the limit', async () => {
    const onSelectedRunsChange = jest.fn();
    const selected: MlflowRunSummary[] = [runs[0]];
    await renderTable(createMockMlflowApi(), {
      selectedRuns: selected,
      onSelectedRunsChange,
      maxSelectedRuns: 2,
    });

    expect(screen.getByLabelText('Compare run xgb-trial-1')).toBeChecked();
    await userEvent.click(screen.getByLabelText('Compare run xgb-trial-2'));
    expect(onSelectedRunsChange).toHaveBeenLastCalledWith([runs[0], runs[1]]);

    await userEvent.click(screen.getByLabelText('Compare run xgb-trial-1'));
    expect(onSelectedRunsChange).toHaveBeenLastCalledWith([]);
  });

  it('shows per-instance errors next to whatever else came back', async () => {
    const api = createMockMlflowApi();
    api.getRuns.mockResolvedValue({
      items: [],
      errors: [{ instance: 'sandbox', status: 503, message: 'MLflow is down' }],
    });
    await renderTable(api);

    expect(
      screen.getByText("MLflow instance 'sandbox' could not be read", {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('MLflow is down')).toBeInTheDocument();
    expect(
      screen.getByText('This experiment has no runs yet.'),
    ).toBeInTheDocument();
  });
});
