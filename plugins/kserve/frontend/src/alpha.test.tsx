import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { kserveApiRef } from './api/KserveBackendApi';
import { KserveClient } from './api/KserveClient';
import kservePlugin from './alpha';
import {
  annotatedEntity,
  modelServerEntity,
  plainEntity,
} from './__fixtures__/data';
import { createMockKserveApi } from './__fixtures__/mockApi';
import { mountedRoutes } from './__fixtures__/routes';

jest.setTimeout(30_000);

describe('the KServe plugin for the new frontend system', () => {
  it('is the kserve plugin with an API, a Serving tab and a Serving card', () => {
    expect(kservePlugin.pluginId).toBe('kserve');
    expect(kservePlugin.getExtension('api:kserve')).toBeDefined();
    expect(kservePlugin.getExtension('entity-content:kserve')).toBeDefined();
    expect(
      kservePlugin.getExtension('entity-card:kserve/serving'),
    ).toBeDefined();
  });

  it('provides the HTTP client as the KServe API', () => {
    const tester = createExtensionTester(
      kservePlugin.getExtension('api:kserve'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe(kserveApiRef.id);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(KserveClient);
  });

  it('puts the Serving tab at /serving in the ml group, for entities naming an InferenceService', () => {
    const tester = createExtensionTester(
      kservePlugin.getExtension('entity-content:kserve'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/serving');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Serving');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe('ml');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotatedEntity)).toBe(true);
    expect(filter(modelServerEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);
    expect(
      filter({
        ...plainEntity,
        metadata: {
          ...plainEntity.metadata,
          annotations: { 'kserve.io/inference-service': '  ' },
        },
      }),
    ).toBe(false);
  });

  it('shows the Serving card only for entities naming an InferenceService', () => {
    const tester = createExtensionTester(
      kservePlugin.getExtension('entity-card:kserve/serving'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(modelServerEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
  });

  it('renders the tab on an entity page of an app with the plugin installed', async () => {
    const api = createMockKserveApi();
    renderTestApp({
      features: [kservePlugin],
      extensions: [createTestEntityPage({ entity: annotatedEntity })],
      apis: [
        [kserveApiRef, api],
        [catalogApiRef, catalogApiMock()],
      ],
    });
    // the content is lazy-loaded: the first load compiles the components
    expect(
      await screen.findByRole(
        'table',
        { name: 'Conditions' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    // the tab's overview, and the Serving card the test page renders beside it
    expect(
      screen.getAllByRole('region', {
        name: 'InferenceService fraud-detection/fraud-detector',
      }),
    ).toHaveLength(2);
    expect(api.getServing).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'fraud-detection-model',
    });
  });

  it('renders the Serving card for an annotated entity', async () => {
    const tester = createExtensionTester(
      kservePlugin.getExtension('entity-card:kserve/serving'),
    );
    await renderInTestApp(
      <EntityProvider entity={modelServerEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[kserveApiRef, createMockKserveApi()]], mountedRoutes },
    );
    expect(
      await screen.findByRole(
        'region',
        { name: 'InferenceService fraud-detection/fraud-detector' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
  });
});
