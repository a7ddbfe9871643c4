import { screen } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { kubeflowApiRef } from './api/KubeflowBackendApi';
import { EntityKubeflowRunsCard, kubeflowPlugin } from './plugin';
import { KubeflowClient } from './api/KubeflowClient';
import { pipelineEntity } from './__fixtures__/data';
import { createMockKubeflowApi } from './__fixtures__/mockApi';

jest.setTimeout(30_000);

describe('the Kubeflow plugin for the legacy frontend system', () => {
  it('registers the HTTP client as the Kubeflow API', () => {
    expect(kubeflowPlugin.getId()).toBe('kubeflow');
    const [factory] = [...kubeflowPlugin.getApis()];
    expect(factory.api.id).toBe(kubeflowApiRef.id);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(KubeflowClient);
  });

  it('renders the runs card extension with its props', async () => {
    const api = createMockKubeflowApi();
    await renderInTestApp(
      <TestApiProvider apis={[[kubeflowApiRef, api]]}>
        <EntityProvider entity={pipelineEntity}>
          <EntityKubeflowRunsCard recentRuns={5} />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('list', { name: 'Recent Kubeflow runs' }),
    ).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenCalledWith(
      {
        kind: 'Resource',
        namespace: 'default',
        name: 'fraud-detection-training',
      },
      { pageSize: 5 },
    );
  });
});
