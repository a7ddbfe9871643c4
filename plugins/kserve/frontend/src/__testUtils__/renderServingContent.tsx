import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Route, Routes } from 'react-router-dom';
import { Entity } from '@backstage/catalog-model';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { kserveApiRef } from '../api/KserveBackendApi';
// the legacy extension, as an app on @backstage/core-plugin-api mounts it
import { EntityKserveServingContent } from '../plugin';
import { annotatedEntity, mlModelEntity } from '../__fixtures__/data';
import { createMockKserveApi } from '../__fixtures__/mockApi';
import { mountedRoutes } from '../__fixtures__/routes';

/** Renders the Serving tab for an entity, the catalog holding the MLflow model's Resource. */
export async function renderServingContent(
  api = createMockKserveApi(),
  entity: Entity = annotatedEntity,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kserveApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [mlModelEntity] })],
      ]}
    >
      <EntityProvider entity={entity}>
        {/* as in an app: a routable extension is the element of a route */}
        <Routes>
          <Route path="/*" element={<EntityKserveServingContent />} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes },
  );
  return api;
}

/** The head of the tab (and the body of the card): verdict, URL, traffic, actions. */
export function findOverview() {
  return screen.findByRole('region', {
    name: 'InferenceService fraud-detection/fraud-detector',
  });
}
