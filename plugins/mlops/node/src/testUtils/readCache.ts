import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import type { ReadCache } from '@mlops-portal/plugin-mlops-node';
import { ReadCache as ReadCacheImpl } from '../cache/ReadCache';
import { silentLogger } from './logger';
import { mockMemoryCache } from './memoryCache';

/**
 * A `ReadCache` for tests on an in-memory CacheService (see {@link mockMemoryCache}).
 *
 * @public
 */
export function mockReadCache(
  options: {
    cache?: CacheService;
    now?: () => number;
    logger?: LoggerService;
  } = {},
): ReadCache {
  return new ReadCacheImpl({
    cache: options.cache ?? mockMemoryCache(options.now).cache,
    logger: options.logger ?? silentLogger,
    now: options.now,
  });
}
