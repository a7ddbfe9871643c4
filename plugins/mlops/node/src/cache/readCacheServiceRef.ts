import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ReadCache } from './ReadCache';

/**
 * The plugin's {@link ReadCache}, on its `coreServices.cache`: one per plugin, shared by every
 * client and lookup of that plugin, so that a write through any of them invalidates what the others
 * read.
 *
 * @public
 */
export const readCacheServiceRef = createServiceRef<ReadCache>({
  id: 'mlops.read-cache',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { cache: coreServices.cache, logger: coreServices.logger },
      factory: ({ cache, logger }) => new ReadCache({ cache, logger }),
    }),
});
