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
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { mlflowApiRef } from './api/MlflowBackendApi';
import { MlflowClient } from './api/MlflowClient';
import mlflowPlugin from './alpha';
import { MlflowInstancePicker } from './components/MlflowInstancePicker/MlflowInstancePicker';
import {
  annotatedEntity,
  experimentOnlyEntity,
  modelOnlyEntity,
  plainEntity,
} from './__fixtures__/data';
import { createMockMlflowApi } from './__fixtures__/mockApi';
import { mountedRoutes } from './__fixtures__/routes';

jest.setTimeout(30_000);

describe('the MLflow plugin for the new frontend system', () => {
  it('is the mlflow plugin with an API, an entity tab, a model card and a scaffolder field', () => {
    expect(mlflowPlugin.pluginId).toBe('mlflow');
    expect(mlflowPlugin.getExtension('api:mlflow')).toBeDefined();
    expect(mlflowPlugin.getExtension('entity-content:mlflow')).toBeDefined();
    expect(mlflowPlugin.getExtension('entity-card:mlflow/model')).toBeDefined();
    expect(
      mlflowPlugin.getExtension('scaffolder-form-field:mlflow/instance-picker'),
    ).toBeDefined();
  });

  it('loads the MlflowInstancePicker field for the scaffolder’s form fields API', async () => {
    const tester = createExtensionTester(
      mlflowPlugin.getExtension('scaffolder-form-field:mlflow/instance-picker'),
    );
    const field = await tester.get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    )();
    // The scaffolder reads name and component (and the schema for its extensions page).
    expect(field).toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
      name: 'MlflowInstancePicker',
      component: MlflowInstancePicker,
      schema: {
        schema: { returnValue: expect.objectContaining({ type: 'string' }) },
      },
    });
  });

  it('provides the HTTP client as the MLflow API', () => {
    const tester = createExtensionTester(
      mlflowPlugin.getExtension('api:mlflow'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe(mlflowApiRef.id);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(MlflowClient);
  });

  it('puts the tab at /mlflow in the ml group, for entities with MLflow annotations', () => {
    const tester = createExtensionTester(
      mlflowPlugin.getExtension('entity-content:mlflow'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/mlflow');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('MLflow');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe('ml');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotatedEntity)).toBe(true);
    expect(filter(experimentOnlyEntity)).toBe(true);
    expect(filter(modelOnlyEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);
  });

  it('shows the model card only for entities with a registered model', () => {
    const tester = createExtensionTester(
      mlflowPlugin.getExtension('entity-card:mlflow/model'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(modelOnlyEntity)).toBe(true);
    expect(filter(experimentOnlyEntity)).toBe(false);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
  });

  it('renders the tab on an entity page of an app with the plugin installed', async () => {
    const api = createMockMlflowApi();
    renderTestApp({
      features: [mlflowPlugin],
      extensions: [createTestEntityPage({ entity: experimentOnlyEntity })],
      apis: [
        [mlflowApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ],
    });
    // the content is lazy-loaded: the first load compiles the components
    expect(
      await screen.findByLabelText('MLflow runs', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('xgb-trial-1')).toBeInTheDocument();
    expect(api.getRuns).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'churn-training' },
      expect.objectContaining({ orderBy: ['attributes.start_time DESC'] }),
    );
    // the model card's filter keeps it off an entity without a registered model
    expect(api.getModel).not.toHaveBeenCalled();
  });

  it('renders the model card for an annotated entity', async () => {
    const tester = createExtensionTester(
      mlflowPlugin.getExtension('entity-card:mlflow/model'),
    );
    await renderInTestApp(
      <EntityProvider entity={modelOnlyEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [mlflowApiRef, createMockMlflowApi()],
          [permissionApiRef, mockApis.permission()],
        ],
        mountedRoutes,
      },
    );
    expect(
      await screen.findByText('champion → v4', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
  });
});
