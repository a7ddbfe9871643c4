import { screen } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { kserveApiRef } from './api/KserveBackendApi';
import { KserveClient } from './api/KserveClient';
import { EntityKserveServingCard, kservePlugin } from './plugin';
import { modelServerEntity } from './__fixtures__/data';
import { createMockKserveApi } from './__fixtures__/mockApi';
import { mountedRoutes } from './__fixtures__/routes';

jest.setTimeout(30_000);

describe('the KServe plugin for the legacy frontend system', () => {
  it('registers the HTTP client as the KServe API', () => {
    expect(kservePlugin.getId()).toBe('kserve');
    const [factory] = [...kservePlugin.getApis()];
    expect(factory.api.id).toBe(kserveApiRef.id);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(KserveClient);
  });

  it('renders the Serving card extension with its props', async () => {
    const api = createMockKserveApi();
    await renderInTestApp(
      <TestApiProvider apis={[[kserveApiRef, api]]}>
        <EntityProvider entity={modelServerEntity}>
          <EntityKserveServingCard variant="gridItem" />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes },
    );
    expect(
      await screen.findByRole('region', {
        name: 'InferenceService fraud-detection/fraud-detector',
      }),
    ).toBeInTheDocument();
    expect(api.getServing).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'fraud-detection',
      name: 'fraud-detector',
    });
  });
});
