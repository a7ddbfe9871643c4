import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Settings shared by the MLOps Portal plugins. */
  mlops?: {
    /** TechDocs in the portal backend. */
    techdocs?: {
      /**
       * Building TechDocs before anyone opens them, so search indexes them. Only where the
       * backend builds TechDocs (`techdocs.builder: local`); docs already published are skipped.
       */
      prebuild?: {
        /**
         * (Optional) When to look for TechDocs never built. Default: every 10 minutes, first
         * 30 seconds after startup, 30 minute timeout.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
