import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { kubeflowApiRef } from './api/KubeflowBackendApi';
import { KubeflowClient } from './api/KubeflowClient';
import kubeflowPlugin from './alpha';
import {
  annotatedEntity,
  pipelineEntity,
  plainEntity,
} from './__fixtures__/data';
import { createMockKubeflowApi } from './__fixtures__/mockApi';

jest.setTimeout(30_000);

describe('the Kubeflow plugin for the new frontend system', () => {
  it('is the kubeflow plugin with an API, an entity tab and a runs card', () => {
    expect(kubeflowPlugin.pluginId).toBe('kubeflow');
    expect(kubeflowPlugin.getExtension('api:kubeflow')).toBeDefined();
    expect(
      kubeflowPlugin.getExtension('entity-content:kubeflow'),
    ).toBeDefined();
    expect(
      kubeflowPlugin.getExtension('entity-card:kubeflow/runs'),
    ).toBeDefined();
  });

  it('provides the HTTP client as the Kubeflow API', () => {
    const tester = createExtensionTester(
      kubeflowPlugin.getExtension('api:kubeflow'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe(kubeflowApiRef.id);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(KubeflowClient);
  });

  it('puts the tab at /kubeflow in the ml group, for entities with a pipeline or experiment', () => {
    const tester = createExtensionTester(
      kubeflowPlugin.getExtension('entity-content:kubeflow'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/kubeflow');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Kubeflow');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe('ml');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotatedEntity)).toBe(true);
    expect(filter(pipelineEntity)).toBe(true);
    expect(
      filter({
        ...plainEntity,
        metadata: {
          ...plainEntity.metadata,
          annotations: { 'kubeflow.org/experiment': 'fraud-detection' },
        },
      }),
    ).toBe(true);
    expect(filter(plainEntity)).toBe(false);
  });

  it('shows the runs card only for entities with a pipeline or experiment', () => {
    const tester = createExtensionTester(
      kubeflowPlugin.getExtension('entity-card:kubeflow/runs'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(pipelineEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
  });

  it('renders the tab on an entity page of an app with the plugin installed', async () => {
    const api = createMockKubeflowApi();
    renderTestApp({
      features: [kubeflowPlugin],
      extensions: [createTestEntityPage({ entity: annotatedEntity })],
      apis: [
        [kubeflowApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ],
    });
    // the content is lazy-loaded: the first load compiles the components
    expect(
      await screen.findByRole(
        'table',
        { name: 'Kubeflow runs' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(api.getPipeline).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'fraud-detection-model',
    });
  });

  it('renders the runs card for an annotated entity', async () => {
    const tester = createExtensionTester(
      kubeflowPlugin.getExtension('entity-card:kubeflow/runs'),
    );
    await renderInTestApp(
      <EntityProvider entity={pipelineEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[kubeflowApiRef, createMockKubeflowApi()]] },
    );
    expect(
      await screen.findByRole(
        'list',
        { name: 'Recent Kubeflow runs' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
  });
});
