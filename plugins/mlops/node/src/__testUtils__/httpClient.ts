import { CacheService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ReadCache } from '../cache/ReadCache';
import { UpstreamInstanceConfig } from '../config/types';
import { UpstreamHttpClient } from '../http/UpstreamHttpClient';
import { mockUpstreamInstanceConfig } from '../testUtils/instances';
import { testSystems } from './systems';

/** The upstream base URL of {@link createClient}'s instance. */
export const TEST_BASE_URL = 'http://kfp.example.com';

/** The real default CacheService (in-memory store), as a plugin gets it. */
export async function createMemoryCache(): Promise<CacheService> {
  const tester = ServiceFactoryTester.from(mockServices.cache.factory(), {
    dependencies: [mockServices.rootConfig.factory({ data: {} })],
  });
  return tester.getSubject('kubeflow');
}

/** A KFP-like test instance; 60 s cache unless overridden. */
export function instance(
  overrides: Partial<UpstreamInstanceConfig> = {},
): UpstreamInstanceConfig {
  return mockUpstreamInstanceConfig({
    baseUrl: TEST_BASE_URL,
    uiUrl: TEST_BASE_URL,
    auth: { type: 'bearer', token: 'service-token' },
    cacheTtlMs: 60_000,
    ...overrides,
  });
}

/** An `UpstreamHttpClient` for {@link instance}, cached in `cache` when given. */
export function createClient(
  overrides: Partial<UpstreamInstanceConfig> = {},
  cache?: CacheService,
) {
  const logger = mockServices.logger.mock();
  return new UpstreamHttpClient({
    system: testSystems.kubeflow,
    instance: instance(overrides),
    logger,
    readCache: cache && new ReadCache({ cache, logger }),
  });
}
