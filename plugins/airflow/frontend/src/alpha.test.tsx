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
import { airflowApiRef } from './api/AirflowBackendApi';
import { AirflowClient } from './api/AirflowClient';
import airflowPlugin from './alpha';
import {
  annotatedEntity,
  plainEntity,
  singleDagEntity,
} from './__fixtures__/data';
import { createMockAirflowApi } from './__fixtures__/mockApi';
import { mountedRoutes } from './__fixtures__/routes';

jest.setTimeout(30_000);

describe('the Airflow plugin for the new frontend system', () => {
  it('is the airflow plugin with an API, an entity tab and a DAG card', () => {
    expect(airflowPlugin.pluginId).toBe('airflow');
    expect(airflowPlugin.getExtension('api:airflow')).toBeDefined();
    expect(airflowPlugin.getExtension('entity-content:airflow')).toBeDefined();
    expect(airflowPlugin.getExtension('entity-card:airflow/dag')).toBeDefined();
  });

  it('provides the HTTP client as the Airflow API', () => {
    const tester = createExtensionTester(
      airflowPlugin.getExtension('api:airflow'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe(airflowApiRef.id);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(AirflowClient);
  });

  it('puts the tab at /airflow in the ml group, for entities with a DAG id', () => {
    const tester = createExtensionTester(
      airflowPlugin.getExtension('entity-content:airflow'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/airflow');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Airflow');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe('ml');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotatedEntity)).toBe(true);
    expect(filter(singleDagEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);
  });

  it('shows the DAG card only for entities with a DAG id', () => {
    const tester = createExtensionTester(
      airflowPlugin.getExtension('entity-card:airflow/dag'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(singleDagEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
  });

  it('renders the tab on an entity page of an app with the plugin installed', async () => {
    const api = createMockAirflowApi();
    renderTestApp({
      features: [airflowPlugin],
      extensions: [createTestEntityPage({ entity: annotatedEntity })],
      apis: [
        [airflowApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ],
    });
    // the content is lazy-loaded: the first load compiles the components
    expect(
      await screen.findByRole(
        'table',
        { name: 'Airflow runs' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenCalledWith(
      {
        kind: 'Component',
        namespace: 'default',
        name: 'fraud-detection-model',
      },
      'fraud_detection_training',
      { limit: 25, offset: 0 },
    );
  });

  it('renders the DAG card for an annotated entity', async () => {
    const tester = createExtensionTester(
      airflowPlugin.getExtension('entity-card:airflow/dag'),
    );
    await renderInTestApp(
      <EntityProvider entity={singleDagEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [airflowApiRef, createMockAirflowApi()],
          [permissionApiRef, mockApis.permission()],
        ],
        mountedRoutes,
      },
    );
    expect(
      await screen.findByRole(
        'region',
        { name: 'DAG fraud_detection_training' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
  });
});
