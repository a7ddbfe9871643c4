import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { IngestedEntityAuthority } from '../authority/IngestedEntityAuthority';
import { readAuthorityConfig } from '../authority/readAuthorityConfig';
import { readCacheServiceRef } from '../cache/readCacheServiceRef';
import { WritePipeline } from './WritePipeline';

/**
 * The plugin's {@link WritePipeline}: authorized by an {@link IngestedEntityAuthority} on the
 * plugin's permissions, catalog and read cache (`mlops.authority` read from config), audited by
 * the plugin's auditor. Modules that only write (scaffolder actions) inject it instead of building
 * both; replace it in tests with a service factory.
 *
 * @public
 */
export const writePipelineServiceRef = createServiceRef<WritePipeline>({
  id: 'mlops.write-pipeline',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        readCache: readCacheServiceRef,
      },
      factory: ({
        auth,
        permissions,
        auditor,
        logger,
        config,
        catalog,
        readCache,
      }) =>
        new WritePipeline({
          authority: new IngestedEntityAuthority({
            auth,
            permissions,
            catalog,
            readCache,
            ...readAuthorityConfig(config),
          }),
          auditor,
          logger,
        }),
    }),
});
