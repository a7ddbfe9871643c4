import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { MlflowRunSummary } from '@mlops-portal/plugin-mlflow-common';
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import { annotatedEntity, runs } from '../../__fixtures__/data';
import { createMockMlflowApi } from '../../__fixtures__/mockApi';
import { MlflowMetricChart } from './MlflowMetricChart';

jest.setTimeout(30_000);

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};

async function renderChart(
  selected: MlflowRunSummary[],
  api = createMockMlflowApi(),
) {
  const result = await renderInTestApp(
    <TestApiProvider apis={[[mlflowApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        {/* a fixed size: jsdom lays nothing out, so a responsive chart would be 0×0 */}
        <MlflowMetricChart runs={selected} width={600} height={300} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { api, container: result.container };
}

describe('MlflowMetricChart', () => {
  it('asks to select runs and fetches nothing until some are', async () => {
    const { api } = await renderChart([]);
    expect(
      screen.getByText(
        'Select runs in the table to compare their metric histories.',
      ),
    ).toBeInTheDocument();
    expect(api.compareRuns).not.toHaveBeenCalled();
  });

  it('fetches the selected runs through compare and draws one line per run over the steps', async () => {
    const { api, container } = await renderChart([runs[0], runs[2]]);

    await waitFor(() =>
      expect(container.querySelectorAll('.recharts-line')).toHaveLength(2),
    );
    expect(api.compareRuns).toHaveBeenCalledWith(entityRef, {
      runIds: ['run1', 'run3'],
    });
    // one series per run, named after it
    const legend = container.querySelector('.recharts-legend-wrapper')!;
    expect(
      within(legend as HTMLElement).getByText('xgb-trial-1'),
    ).toBeInTheDocument();
    expect(
      within(legend as HTMLElement).getByText('xgb-trial-3'),
    ).toBeInTheDocument();
    // the x axis is the step: one tick per logged step (0..4), labelled Step
    const xTicks = [
      ...container.querySelectorAll(
        'text.recharts-cartesian-axis-tick-value[orientation="bottom"]',
      ),
    ];
    expect(xTicks.map(t => t.textContent)).toEqual(['0', '1', '2', '3', '4']);
    expect(container.querySelector('.recharts-label')?.textContent).toBe(
      'Step',
    );
    // each run's line starts at step 0 and ends at step 4
    const [first, last] = [xTicks[0], xTicks[4]].map(t => t.getAttribute('x'));
    for (const curve of container.querySelectorAll('.recharts-line-curve')) {
      const d = curve.getAttribute('d')!;
      expect(d.startsWith(`M${first},`)).toBe(true);
      expect(d).toMatch(new RegExp(`${last},[\\d.]+$`));
    }
    expect(screen.getByText('2 runs compared')).toBeInTheDocument();
  });

  it('shows the metric with the longest history first and switches metric without refetching', async () => {
    const { api } = await renderChart([runs[0], runs[1]]);
    const select = await screen.findByLabelText('Metric');
    // train_loss and val_auc have 5 steps, auc one point: the first by name with most steps
    expect(select).toHaveTextContent('train_loss');

    fireEvent.mouseDown(select);
    fireEvent.click(await screen.findByRole('option', { name: 'val_auc' }));

    await waitFor(() =>
      expect(screen.getByLabelText('Metric')).toHaveTextContent('val_auc'),
    );
    expect(api.compareRuns).toHaveBeenCalledTimes(1);
  });

  it('refetches when the selection changes', async () => {
    const api = createMockMlflowApi();
    const { rerender } = await renderInTestApp(
      <TestApiProvider apis={[[mlflowApiRef, api]]}>
        <EntityProvider entity={annotatedEntity}>
          <MlflowMetricChart runs={[runs[0]]} width={600} />
        </EntityProvider>
      </TestApiProvider>,
    );
    await waitFor(() => expect(api.compareRuns).toHaveBeenCalledTimes(1));
    rerender(
      <TestApiProvider apis={[[mlflowApiRef, api]]}>
        <EntityProvider entity={annotatedEntity}>
          <MlflowMetricChart runs={[runs[0], runs[1]]} width={600} />
        </EntityProvider>
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(api.compareRuns).toHaveBeenLastCalledWith(entityRef, {
        runIds: ['run1', 'run2'],
      }),
    );
  });

  it('shows a failed comparison as an error', async () => {
    const api = createMockMlflowApi({
      compareRuns: jest.fn().mockRejectedValue(new Error('compare failed')),
    });
    await renderChart([runs[0]], api);
    expect(
      await screen.findByText('Error: compare failed', { selector: 'h6' }),
    ).toBeInTheDocument();
  });
});
