import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  describeInferenceService,
  InferenceServiceSummary,
  kserveCanaryRollbackPermission,
  kserveCanaryUpdatePermission,
  MalformedObjectError,
  ServingEvent,
  ServingResponse,
} from '@mlops-portal/plugin-kserve-common';
import {
  IngestedEntityAuthority,
  toInstanceError,
} from '@mlops-portal/plugin-mlops-node';
import { ServingTarget } from './resolveTarget';

/**
 * Events the Serving tab shows: the newest, as many as fit on it.
 *
 * @internal
 */
export const EVENTS_LIMIT = 20;

/**
 * Reads an InferenceService the cluster answered into the portal's summary with its verdict.
 *
 * @throws ServiceUnavailableError naming the cluster when the object is not what the KServe CRD
 * says, or is not the InferenceService asked for: the cluster (or something in front of it)
 * answered garbage, which the caller cannot fix
 *
 * @internal
 */
export function describeServed(
  target: ServingTarget,
  object: unknown,
): InferenceServiceSummary {
  let summary: InferenceServiceSummary;
  try {
    summary = describeInferenceService(object, target.cluster);
  } catch (error) {
    if (!(error instanceof MalformedObjectError)) {
      throw error;
    }
    throw new ServiceUnavailableError(
      `Cluster '${target.cluster}' answered an InferenceService that is not what the KServe CRD says: ${error.message}`,
    );
  }
  const { namespace, name } = target.ref;
  if (summary.namespace !== namespace || summary.name !== name) {
    throw new ServiceUnavailableError(
      `Cluster '${target.cluster}' answered InferenceService ${summary.namespace}/${summary.name} when asked for ${namespace}/${name}`,
    );
  }
  return summary;
}

/**
 * Options of {@link ServingViews}.
 *
 * @internal
 */
export interface ServingViewsOptions {
  /** Tells who may change the traffic: the owners of the ingested `model-server` Component. */
  authority: IngestedEntityAuthority;
  logger: LoggerService;
}

/**
 * Builds what the Serving tab shows of one InferenceService — the same for the read route and
 * for the answer of a traffic change: the summary, its recent events, the entity writes are
 * authorized against and what the caller may do.
 *
 * @internal
 */
export class ServingViews {
  private readonly authority: IngestedEntityAuthority;
  private readonly logger: LoggerService;

  constructor(options: ServingViewsOptions) {
    this.authority = options.authority;
    this.logger = options.logger;
  }

  /**
   * The serving state of `object` (the target's InferenceService as the cluster answered it).
   * Events failing to load is `eventsError`, beside the rest.
   *
   * @throws ServiceUnavailableError for an object that is not an InferenceService (see
   * {@link describeServed})
   */
  async view(
    target: ServingTarget,
    object: unknown,
    credentials: BackstageCredentials,
  ): Promise<ServingResponse> {
    const inferenceService = describeServed(target, object);
    const [events, authority, update, rollback] = await Promise.all([
      this.events(target, inferenceService),
      this.authority.whoMayWrite(target.locator),
      this.allowed(target, kserveCanaryUpdatePermission, credentials),
      this.allowed(target, kserveCanaryRollbackPermission, credentials),
    ]);
    return {
      inferenceService,
      ...events,
      authority,
      allowed: { update, rollback },
    };
  }

  /** The recent events about the object, or why they could not be read. */
  private async events(
    target: ServingTarget,
    summary: InferenceServiceSummary,
  ): Promise<{ events: ServingEvent[]; eventsError?: string }> {
    try {
      const events = await target.client.listEvents(
        { ...target.ref, uid: summary.uid },
        { limit: EVENTS_LIMIT },
      );
      return { events };
    } catch (error) {
      const message =
        toInstanceError(error, target.cluster)?.message ??
        (error instanceof Error ? error.message : String(error));
      this.logger.warn('KServe events could not be read; serving the rest', {
        entityRef: target.entityRef,
        cluster: target.cluster,
        inferenceService: `${target.ref.namespace}/${target.ref.name}`,
        error: message,
      });
      return {
        events: [],
        eventsError: `Events of ${target.description} could not be read: ${message}`,
      };
    }
  }

  /**
   * Whether the caller holds `permission` on the ingested Component (admins only without one),
   * as the write would check it.
   */
  private async allowed(
    target: ServingTarget,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    try {
      await this.authority.authorizeWrite(
        permission,
        target.locator,
        credentials,
      );
      return true;
    } catch (error) {
      if ((error as Error | undefined)?.name === 'NotAllowedError') {
        return false;
      }
      throw error;
    }
  }
}
