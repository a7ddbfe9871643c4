import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KSERVE_SYSTEM,
  ServingRouteResponse,
} from '@mlops-portal/plugin-kserve-common';
import type { KserveClusters } from '@mlops-portal/plugin-kserve-node';
import type { InstancesResponse } from '@mlops-portal/plugin-mlops-common';
import {
  EntityReadContext,
  IngestedEntityAuthority,
  instanceSummaries,
  readOrInstanceError,
} from '@mlops-portal/plugin-mlops-node';
import { readInferenceService, resolveServingTarget } from './resolveTarget';
import { ServingViews } from './ServingViews';

/**
 * Options of {@link KserveReadService}.
 *
 * @internal
 */
export interface KserveReadServiceOptions {
  clusters: KserveClusters;
  /** Decides restricted reads. */
  authority: IngestedEntityAuthority;
  /** Builds the Serving tab's view of an InferenceService. */
  views: ServingViews;
  logger: LoggerService;
}

/**
 * What the entity page reads from KServe: the configured clusters, and the serving state of the
 * InferenceService an entity names.
 *
 * @remarks
 * A cluster that is down, refuses the portal's credentials, times out or answers something that
 * is not an InferenceService is data (`error`), not an exception; an entity without the
 * annotation, or naming an InferenceService the cluster does not have, is a 404. Reads go
 * through the client's short read cache; nothing here caches again.
 *
 * @internal
 */
export class KserveReadService {
  private readonly clusters: KserveClusters;
  private readonly authority: IngestedEntityAuthority;
  private readonly views: ServingViews;
  private readonly logger: LoggerService;

  constructor(options: KserveReadServiceOptions) {
    this.clusters = options.clusters;
    this.authority = options.authority;
    this.views = options.views;
    this.logger = options.logger;
  }

  /**
   * The configured clusters in config order, the default first: only names and dashboard URLs,
   * never an API server URL or credentials. Read from config, so no cluster is called.
   */
  listClusters(): InstancesResponse {
    return { instances: instanceSummaries(this.clusters.instances) };
  }

  /**
   * The entity's InferenceService: verdict, URL, predictor, traffic split, conditions, model
   * status and recent events, and who may change its traffic.
   *
   * @throws NotFoundError without the annotation or when the cluster has no such
   * InferenceService; InputError for a malformed annotation or an unknown cluster;
   * NotAllowedError when reads are restricted and the caller may not read its Component
   */
  async getServing(ctx: EntityReadContext): Promise<ServingRouteResponse> {
    const target = resolveServingTarget(ctx.entity, this.clusters);
    await this.authority.authorizeRead(target.locator, ctx.credentials);
    return readOrInstanceError<ServingRouteResponse>({
      system: KSERVE_SYSTEM.title,
      instance: target.cluster,
      logger: this.logger,
      logMeta: {
        entityRef: target.entityRef,
        inferenceService: `${target.ref.namespace}/${target.ref.name}`,
      },
      read: async () => ({
        serving: await this.views.view(
          target,
          await readInferenceService(target),
          ctx.credentials,
        ),
      }),
      empty: ([error]) => ({ error }),
    });
  }
}
