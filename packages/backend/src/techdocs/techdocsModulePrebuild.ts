import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  readTechDocsPrebuildConfig,
  TechDocsPrebuilder,
} from './TechDocsPrebuilder';

/** Builds the TechDocs nobody has opened yet on a schedule, so search can index them. @public */
export const techdocsModulePrebuild = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'prebuild',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, scheduler, auth, discovery, catalog }) {
        const { enabled, schedule, legacyPathCasing } =
          readTechDocsPrebuildConfig(config);
        if (!enabled) {
          logger.info(
            'TechDocs are built outside the backend (techdocs.builder is not local); no prebuild',
          );
          return;
        }
        const prebuilder = new TechDocsPrebuilder({
          catalog,
          auth,
          discovery,
          logger,
          legacyPathCasing,
        });
        await scheduler.scheduleTask({
          id: 'techdocs-prebuild',
          ...schedule,
          fn: async signal => {
            await prebuilder.run(signal);
          },
        });
      },
    });
  },
});
