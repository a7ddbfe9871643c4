import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KserveClusterConfig } from '@mlops-portal/plugin-kserve-node';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';

/**
 * Warns when an InferenceService goes to a namespace the portal does not read on its cluster
 * (`kserve.namespaces`): the catalog will not show it, so later changes have no ingested owner.
 *
 * @internal
 */
export function warnIfUnread(
  cluster: KserveClusterConfig,
  ref: NamespacedName,
  logger: LoggerService,
): void {
  if (
    cluster.namespaces.length > 0 &&
    !cluster.namespaces.includes(ref.namespace)
  ) {
    logger.warn(
      `Namespace '${
        ref.namespace
      }' is not among the namespaces the portal reads on cluster '${
        cluster.name
      }' (${cluster.namespaces.join(
        ', ',
      )}): the catalog will not show InferenceService '${ref.namespace}/${
        ref.name
      }', and only admins may change it later`,
    );
  }
}
