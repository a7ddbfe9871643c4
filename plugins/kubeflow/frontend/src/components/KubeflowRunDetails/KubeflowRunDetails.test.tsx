import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  runs,
  tasks,
} from '../../__fixtures__/data';
import { createMockKubeflowApi } from '../../__fixtures__/mockApi';
import { KubeflowRunDetails } from './KubeflowRunDetails';
import { toGraph } from './TaskGraph';

jest.setTimeout(30_000);

const run = runs[0];

async function renderRun(api = createMockKubeflowApi(), onClose?: () => void) {
  await renderInTestApp(
    <TestApiProvider apis={[[kubeflowApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <KubeflowRunDetails runId={run.runId} onClose={onClose} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return api;
}

/** The graph, once DependencyGraph (lazy, and hidden until its layout settles) shows it. */
async function findGraph() {
  return screen.findByRole(
    'img',
    { name: `Task graph of ${run.name}: 3 tasks, 1 failed` },
    { timeout: 10_000 },
  );
}

describe('KubeflowRunDetails', () => {
  it('draws the run’s tasks as graph nodes with their state and duration', async () => {
    const api = await renderRun();
    const graph = await findGraph();

    expect(api.getRun).toHaveBeenCalledWith(entityRef, run.runId);
    const nodes = Array.from(graph.querySelectorAll('[data-task-id]'));
    expect(nodes.map(n => n.getAttribute('data-task-id')).sort()).toEqual([
      'evaluate',
      'load-data',
      'train',
    ]);
    const train = within(
      graph.querySelector('[data-task-id="train"]') as HTMLElement,
    );
    expect(train.getByText('Train model')).toBeInTheDocument();
    // the kit's chip, in the error colour family
    expect(
      train.getByText('Failed').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'error');
    expect(train.getByText('5 min 00 s')).toBeInTheDocument();
    const evaluate = within(
      graph.querySelector('[data-task-id="evaluate"]') as HTMLElement,
    );
    expect(evaluate.getByText('Not started')).toBeInTheDocument();
    expect(evaluate.getByText('–')).toBeInTheDocument();

    // dagre placed the nodes in ranks: each task below those it waits for
    const y = (id: string) => {
      const node = graph.querySelector(`[data-task-id="${id}"]`)!;
      const transform = node
        .closest('g[transform]')!
        .getAttribute('transform')!;
      return Number(/translate\(([-\d.]+),([-\d.]+)\)/.exec(transform)![2]);
    };
    await waitFor(() => {
      expect(y('load-data')).toBeLessThan(y('train'));
      expect(y('train')).toBeLessThan(y('evaluate'));
    });
    // one edge per dependency
    expect(graph.querySelectorAll('path[marker-end]').length).toBe(3);
  });

  it('lists the same tasks in an accessible table, with errors and what each waits for', async () => {
    await renderRun();
    const table = await screen.findByRole('table', {
      name: `Tasks of ${run.name}`,
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('load-data')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Succeeded')).toBeInTheDocument();
    expect(within(rows[0]).getByText('1 min 00 s')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Train model')).toBeInTheDocument();
    expect(within(rows[1]).getByText('OOMKilled')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Failed')).toBeInTheDocument();
    expect(within(rows[1]).getByText('load-data')).toBeInTheDocument();
    // names, not ids, of what it waits for
    expect(
      within(rows[2]).getByText('Train model, load-data'),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('Not started')).toBeInTheDocument();
  });

  it('shows the run’s state, error, parameters and a link into the KFP UI', async () => {
    await renderRun();
    expect(await screen.findByText(`Run ${run.name}`)).toBeInTheDocument();
    expect(screen.getByText('train: OOMKilled')).toBeInTheDocument();
    expect(screen.getByText('epochs')).toBeInTheDocument();
    expect(screen.getByText('0.01')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the run in Kubeflow Pipelines' }),
    ).toHaveAttribute('href', run.url);
  });

  it('says when a run has no tasks yet, and draws no graph', async () => {
    const api = createMockKubeflowApi({
      getRun: jest.fn().mockResolvedValue({ run: runs[1], tasks: [] }),
    });
    await renderRun(api);
    expect(
      await screen.findByText('This run has no tasks yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('reads the run again on refresh, and closes', async () => {
    const onClose = jest.fn();
    const api = await renderRun(createMockKubeflowApi(), onClose);
    await screen.findByText(`Run ${run.name}`);
    await userEvent.click(screen.getByLabelText('Refresh the run'));
    await waitFor(() => expect(api.getRun).toHaveBeenCalledTimes(2));
    await userEvent.click(screen.getByLabelText('Close the run'));
    expect(onClose).toHaveBeenCalled();
  });

  it('shows a run the backend does not find', async () => {
    const notFound = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message: `run '${run.runId}' not found`,
          },
          request: { method: 'GET', url: '/runs' },
          response: { statusCode: 404 },
        }),
        { status: 404, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await renderRun(
      createMockKubeflowApi({ getRun: jest.fn().mockRejectedValue(notFound) }),
    );
    expect(
      // the backend's message as the panel's title, not "Request failed with 404"
      await screen.findByText(`Error: run '${run.runId}' not found`, {
        selector: 'h6',
      }),
    ).toBeInTheDocument();
  });
});

describe('toGraph', () => {
  it('draws an edge from each dependency to its task, leaving out unknown ones', () => {
    const { nodes, edges } = toGraph([
      ...tasks,
      { id: 'orphan', name: 'orphan', dependsOn: ['gone', 'orphan'] },
    ]);
    expect(nodes.map(n => n.id)).toEqual([
      'load-data',
      'train',
      'evaluate',
      'orphan',
    ]);
    expect(edges).toEqual([
      { from: 'load-data', to: 'train' },
      { from: 'train', to: 'evaluate' },
      { from: 'load-data', to: 'evaluate' },
    ]);
  });
});
