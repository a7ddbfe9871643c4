import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { ReadCache } from '../cache/ReadCache';
import { mockMemoryCache } from './memoryCache';

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/**
 * A {@link ReadCache} for tests on an in-memory CacheService (see {@link mockMemoryCache}).
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
  return new ReadCache({
    cache: options.cache ?? mockMemoryCache(options.now).cache,
    logger: options.logger ?? silentLogger,
    now: options.now,
  });
}
