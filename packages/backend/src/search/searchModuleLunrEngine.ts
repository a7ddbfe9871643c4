import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { MissingIndexTolerantSearchEngine } from './MissingIndexTolerantSearchEngine';

/** The in-memory Lunr search engine, where PostgreSQL is not the database; answers empty types with no results. @public */
export const searchModuleLunrEngine = createBackendModule({
  pluginId: 'search',
  moduleId: 'lunr-engine',
  register(env) {
    env.registerInit({
      deps: {
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ searchEngineRegistry, database, logger }) {
        // The same test search-backend-module-pg makes: there, the PostgreSQL engine is registered.
        if (await PgSearchEngine.supported(database)) {
          return;
        }
        searchEngineRegistry.setSearchEngine(
          new MissingIndexTolerantSearchEngine({
            engine: new LunrSearchEngine({ logger }),
            logger,
          }),
        );
      },
    });
  },
});
