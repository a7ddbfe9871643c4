import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  logOf,
  manualRunId,
  target,
} from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import {
  AirflowTaskLogViewer,
  AirflowTaskLogViewerProps,
} from './AirflowTaskLogViewer';

jest.setTimeout(30_000);

const props: AirflowTaskLogViewerProps = {
  dagId: 'fraud_detection_training',
  runId: manualRunId,
  taskId: 'train',
  tryNumber: 3,
};

async function renderViewer(
  api = createMockAirflowApi(),
  overrides: Partial<AirflowTaskLogViewerProps> = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[airflowApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <AirflowTaskLogViewer {...props} {...overrides} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return api;
}

describe('AirflowTaskLogViewer', () => {
  it('shows the latest try in monospace with a link to Airflow, and switches tries', async () => {
    const api = await renderViewer();

    const log = await screen.findByLabelText('Log of train, try 3');
    expect(log.tagName).toBe('PRE');
    expect(log).toHaveTextContent('Running train, try 3');
    expect(api.getTaskLog).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      manualRunId,
      { taskId: 'train', tryNumber: 3, mapIndex: -1 },
    );
    expect(
      screen.getByText('Open the log in Airflow').closest('a'),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('task_id=train&tab=logs'),
    );
    expect(
      screen.queryByText(/beginning of this log was cut/),
    ).not.toBeInTheDocument();

    // the selector offers tries 1 to 3
    fireEvent.mouseDown(screen.getByLabelText('Try'));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual(['1', '2', '3 (latest)']);
    fireEvent.click(screen.getByRole('option', { name: '1' }));

    expect(
      await screen.findByLabelText('Log of train, try 1'),
    ).toHaveTextContent(logOf('train', 1).split('\n')[0]);
    expect(api.getTaskLog).toHaveBeenLastCalledWith(
      entityRef,
      'fraud_detection_training',
      manualRunId,
      { taskId: 'train', tryNumber: 1, mapIndex: -1 },
    );
  });

  it('starts on the chosen try and asks for the map index of a mapped task', async () => {
    const api = await renderViewer(undefined, { initialTry: 2, mapIndex: 4 });
    expect(
      await screen.findByLabelText('Log of train, try 2'),
    ).toBeInTheDocument();
    expect(api.getTaskLog).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      manualRunId,
      { taskId: 'train', tryNumber: 2, mapIndex: 4 },
    );
  });

  it('says when the beginning of the log was cut', async () => {
    const api = createMockAirflowApi({
      getTaskLog: jest.fn().mockResolvedValue({
        target,
        content: '...the last lines',
        truncated: true,
        url: 'http://airflow.example.com/log',
        errors: [],
      }),
    });
    await renderViewer(api);
    expect(
      await screen.findByText(/The beginning of this log was cut/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Log of train, try 3')).toHaveTextContent(
      '...the last lines',
    );
  });

  it('shows a failed read, and an instance error instead of the log', async () => {
    const api = createMockAirflowApi({
      getTaskLog: jest
        .fn()
        .mockRejectedValueOnce(new Error('backend unreachable'))
        .mockResolvedValue({
          target,
          truncated: false,
          errors: [
            {
              instance: 'sandbox',
              status: 404,
              message: 'Log of try 2 not found',
            },
          ],
        }),
    });
    await renderViewer(api);
    expect(
      await screen.findByText('Error: backend unreachable', { selector: 'h6' }),
    ).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByLabelText('Try'));
    fireEvent.click(await screen.findByRole('option', { name: '2' }));
    expect(
      await screen.findByText('Log of try 2 not found'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByText('Error: backend unreachable', { selector: 'h6' }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.queryByLabelText(/^Log of train/)).not.toBeInTheDocument();
  });

  it('says when a try wrote nothing', async () => {
    const api = createMockAirflowApi({
      getTaskLog: jest.fn().mockResolvedValue({
        target,
        content: '',
        truncated: false,
        errors: [],
      }),
    });
    await renderViewer(api);
    expect(await screen.findByText('Try 3 wrote no log.')).toBeInTheDocument();
  });
});
