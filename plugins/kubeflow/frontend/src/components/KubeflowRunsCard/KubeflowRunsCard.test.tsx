import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  pipeline,
  plainEntity,
  runs,
  target,
} from '../../__fixtures__/data';
import { createMockKubeflowApi } from '../../__fixtures__/mockApi';
import { KubeflowRunsCard, KubeflowRunsCardProps } from './KubeflowRunsCard';

jest.setTimeout(30_000);

async function renderCard(
  api = createMockKubeflowApi(),
  entity: Entity = annotatedEntity,
  props: KubeflowRunsCardProps = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[kubeflowApiRef, api]]}>
      <EntityProvider entity={entity}>
        <KubeflowRunsCard {...props} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return api;
}

describe('KubeflowRunsCard', () => {
  it('shows the pipeline, the last run and the latest runs as a strip, newest on the right', async () => {
    const api = await renderCard();
    const strip = await screen.findByRole('list', {
      name: 'Recent Kubeflow runs',
    });
    expect(api.getRuns).toHaveBeenCalledWith(entityRef, { pageSize: 14 });
    expect(
      screen.getByRole('link', { name: 'fraud-detection-training' }),
    ).toHaveAttribute('href', pipeline.url);
    expect(screen.getByRole('link', { name: runs[0].name })).toHaveAttribute(
      'href',
      runs[0].url,
    );

    const squares = within(strip).getAllByRole('link');
    expect(squares).toHaveLength(runs.length);
    // the answer is newest first; the strip reads left to right, oldest first
    expect(squares[squares.length - 1]).toHaveAttribute('href', runs[0].url);
    expect(squares.map(s => s.getAttribute('data-status-category'))).toEqual([
      'error',
      'ok',
      'running',
      'error',
    ]);
    expect(
      screen.getByText('Last 4 runs, newest on the right'),
    ).toBeInTheDocument();
  });

  it('reads as many runs as asked', async () => {
    const api = await renderCard(createMockKubeflowApi(), annotatedEntity, {
      recentRuns: 5,
    });
    await screen.findByRole('list', { name: 'Recent Kubeflow runs' });
    expect(api.getRuns).toHaveBeenCalledWith(entityRef, { pageSize: 5 });
  });

  it('says when there are no runs yet', async () => {
    await renderCard(
      createMockKubeflowApi({
        getRuns: jest.fn().mockResolvedValue({ target, items: [], errors: [] }),
      }),
    );
    expect(await screen.findByText('No runs yet.')).toBeInTheDocument();
  });

  it('shows an instance that is down', async () => {
    await renderCard(
      createMockKubeflowApi({
        getRuns: jest.fn().mockResolvedValue({
          target,
          items: [],
          errors: [
            { instance: 'sandbox', status: 503, message: 'KFP is restarting' },
          ],
        }),
      }),
    );
    expect(await screen.findByText('KFP is restarting')).toBeInTheDocument();
    expect(screen.queryByText('No runs yet.')).not.toBeInTheDocument();
  });

  it('explains the missing annotation and reads nothing', async () => {
    const api = await renderCard(createMockKubeflowApi(), plainEntity);
    expect(
      await screen.findByText('kubeflow.org/pipeline', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(api.getRuns).not.toHaveBeenCalled();
  });
});
