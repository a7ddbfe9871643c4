import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  manualRunId,
  runs,
  target,
  tasks,
  trainingDag,
} from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import { AirflowTaskGrid } from './AirflowTaskGrid';

jest.setTimeout(30_000);

async function renderGrid(api = createMockAirflowApi()) {
  const onRunChange = jest.fn();
  // Allowed throughout: usePermission caches per file; the denied case has its own file.
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
      <EntityProvider entity={annotatedEntity}>
        <AirflowTaskGrid
          dag={trainingDag}
          runId={manualRunId}
          onRunChange={onRunChange}
        />
      </EntityProvider>
    </TestApiProvider>,
  );
  await screen.findByRole('table', { name: 'Task instances' });
  return { api, onRunChange };
}

function rows() {
  return within(screen.getByRole('table', { name: 'Task instances' }))
    .getAllByRole('row')
    .slice(1);
}

describe('AirflowTaskGrid', () => {
  it('shows the run and its tasks with state, try, operator, duration and a log button per try', async () => {
    const { api } = await renderGrid();

    expect(api.getTaskInstances).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      manualRunId,
    );
    expect(screen.getByText(`Tasks of ${manualRunId}`)).toBeInTheDocument();
    expect(screen.getByText('Open the run in Airflow')).toHaveAttribute(
      'href',
      runs[0].url,
    );
    expect(rows()).toHaveLength(3);

    const train = within(rows()[1]);
    expect(train.getByRole('link', { name: 'Train model' })).toHaveAttribute(
      'href',
      tasks[1].url,
    );
    const state = train.getByText('Failed').closest('[data-status-category]');
    expect(state).toHaveAttribute('data-status-category', 'error');
    expect(train.getByText('3 of 3')).toBeInTheDocument();
    expect(train.getByText('KubernetesPodOperator')).toBeInTheDocument();
    expect(train.getByText('5 min 00 s')).toBeInTheDocument();
    expect(
      [1, 2, 3].map(n =>
        train.getByRole('button', { name: `Log of Train model, try ${n}` }),
      ),
    ).toHaveLength(3);

    expect(
      within(rows()[0]).getAllByRole('button', { name: /^Log of extract/ }),
    ).toHaveLength(1);
    // a task that never ran has no try and no log
    const evaluate = within(rows()[2]);
    expect(evaluate.getByText('Upstream failed')).toBeInTheDocument();
    expect(evaluate.queryByRole('button')).not.toBeInTheDocument();
  });

  it('opens the log of the chosen try', async () => {
    const { api } = await renderGrid();
    await userEvent.click(
      screen.getByRole('button', { name: 'Log of Train model, try 2' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText('Log of Train model')).toBeInTheDocument();
    expect(
      await dialog.findByLabelText('Log of train, try 2'),
    ).toHaveTextContent('Running train, try 2');
    expect(api.getTaskLog).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      manualRunId,
      { taskId: 'train', tryNumber: 2, mapIndex: -1 },
    );
    await userEvent.click(dialog.getByLabelText('Close the log'));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('clears the failed tasks after a confirmation, then reads the tasks again', async () => {
    const { api, onRunChange } = await renderGrid();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear failed tasks' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByText(/failed and upstream-failed tasks of/),
    ).toBeInTheDocument();
    expect(api.clearRun).not.toHaveBeenCalled();

    await userEvent.click(
      dialog.getByRole('button', { name: 'Clear failed tasks' }),
    );

    expect(api.clearRun).toHaveBeenCalledTimes(1);
    expect(api.clearRun).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      manualRunId,
      { onlyFailed: true },
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(onRunChange).toHaveBeenCalledWith(
      expect.objectContaining({ runId: manualRunId, state: 'queued' }),
    );
    await waitFor(() => expect(api.getTaskInstances).toHaveBeenCalledTimes(2));
  });

  it('clears the whole run, and does nothing on cancel', async () => {
    const { api } = await renderGrid();
    await userEvent.click(screen.getByRole('button', { name: 'Clear run' }));
    let dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.clearRun).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Clear run' }));
    dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText(/Every task of/)).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Clear run' }));
    expect(api.clearRun).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      manualRunId,
      { onlyFailed: false },
    );
  });

  it('shows why a clear failed and keeps the dialog open', async () => {
    const api = createMockAirflowApi({
      clearRun: jest
        .fn()
        .mockRejectedValue(new Error('Airflow refused the clear')),
    });
    await renderGrid(api);
    await userEvent.click(screen.getByRole('button', { name: 'Clear run' }));
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Clear run' }));
    expect(
      await dialog.findByText('Airflow refused the clear'),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('offers "clear failed tasks" only when a task failed', async () => {
    const api = createMockAirflowApi({
      getTaskInstances: jest.fn().mockResolvedValue({
        target,
        run: { ...runs[0], state: 'success' },
        items: [tasks[0]],
        errors: [],
      }),
    });
    await renderGrid(api);
    expect(
      screen.getByRole('button', { name: 'Clear failed tasks' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Clear run' })).toBeEnabled();
  });
});
