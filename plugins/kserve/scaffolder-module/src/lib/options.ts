import type { KserveClusters } from '@mlops-portal/plugin-kserve-node';
import type { WritePipeline } from '@mlops-portal/plugin-mlops-node';

/**
 * What the KServe scaffolder actions are built from.
 *
 * @public
 */
export interface KserveScaffolderActionOptions {
  /** One client per cluster of the `kubernetes:` config (`kserveClustersServiceRef`). */
  clients: KserveClusters;
  /**
   * Authorizes (against the InferenceService's ingested `model-server` Component, or the create
   * permission for a new one), audits and makes every write (`writePipelineServiceRef`).
   */
  pipeline: WritePipeline;
}
