import { KserveBackendApi } from '../api/KserveBackendApi';
import { canaryObject, cluster, clusterUiUrl, servingOf } from './data';

/** A typed mock of the KServe backend API whose defaults answer with the canary fixture. */
export function createMockKserveApi(
  overrides: Partial<KserveBackendApi> = {},
): jest.Mocked<KserveBackendApi> {
  return {
    listClusters: jest.fn(async () => ({
      instances: [{ name: cluster, uiUrl: clusterUiUrl, default: true }],
    })),
    getServing: jest.fn(async () => ({ serving: servingOf(canaryObject) })),
    changeTraffic: jest.fn(async () => servingOf(canaryObject)),
    ...overrides,
  } as jest.Mocked<KserveBackendApi>;
}
