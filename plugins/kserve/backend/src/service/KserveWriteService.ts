import {
  InferenceServiceSummary,
  kserveCanaryRollbackPermission,
  kserveCanaryUpdatePermission,
  ServingResponse,
  TrafficChangeRequest,
} from '@mlops-portal/plugin-kserve-common';
import type {
  InferenceServiceObject,
  KserveClusters,
} from '@mlops-portal/plugin-kserve-node';
import type {
  EntityWriteContext,
  WritePipeline,
} from '@mlops-portal/plugin-mlops-node';
import {
  canaryPercentFor,
  changedMeanwhile,
  requireResourceVersion,
  trafficRecord,
} from './canaryChange';
import { asInstanceFailure } from './instanceFailure';
import {
  asNotFound,
  readInferenceService,
  resolveServingTarget,
  ServingTarget,
} from './resolveTarget';
import { describeServed, ServingViews } from './ServingViews';

/**
 * Options of {@link KserveWriteService}.
 *
 * @internal
 */
export interface KserveWriteServiceOptions {
  clusters: KserveClusters;
  /** The kit's write pipeline: authority from the ingested entity, audit, cluster failures. */
  pipeline: WritePipeline;
  /** Builds the answer: the Serving tab's view of the patched InferenceService. */
  views: ServingViews;
}

/**
 * Audit event ids of the traffic changes, one per kind of change.
 *
 * @internal
 */
export const KSERVE_AUDIT_EVENTS = {
  set: 'kserve-canary-set',
  promote: 'kserve-canary-promote',
  rollback: 'kserve-canary-rollback',
} as const;

/**
 * Changes the canary traffic of the InferenceService an entity names — set a percentage,
 * promote (100 %), roll back (0 %) — under permission, audited, through the kit's write pipeline.
 *
 * @remarks
 * The entity that names the InferenceService only leads to it: the permission
 * (`kserve.canary.update` to set or promote, `kserve.canary.rollback` to roll back) is checked
 * against the `model-server` Component the KServe provider ingested for it (see
 * `kserveInferenceServiceLocator`), or — without one — held by admins only. Order: annotations
 * and body checked, the InferenceService read past the cache, the change checked against it
 * (another resourceVersion than the caller's: 409; then no canary in this deployment mode,
 * nothing to promote or roll back: 400 — nothing recorded, nothing sent) → audit event
 * initiated → authorized (403, nothing sent) → a merge patch carrying the resourceVersion (the
 * API server refuses it with a 409 when the object changed meanwhile) → audit event succeeded
 * with before → after.
 *
 * @internal
 */
export class KserveWriteService {
  private readonly clusters: KserveClusters;
  private readonly pipeline: WritePipeline;
  private readonly views: ServingViews;

  constructor(options: KserveWriteServiceOptions) {
    this.clusters = options.clusters;
    this.pipeline = options.pipeline;
    this.views = options.views;
  }

  /** Sets, promotes or rolls back the canary; answers the patched InferenceService. */
  async changeTraffic(
    ctx: EntityWriteContext,
    request: TrafficChangeRequest,
  ): Promise<ServingResponse> {
    const target = resolveServingTarget(ctx.entity, this.clusters);
    const { change } = request;
    const before = await this.current(target);
    // A decision made on an older object is remade on the fresh one, whatever it says now.
    const resourceVersion = requireResourceVersion(
      before,
      request.resourceVersion,
    );
    const percent = canaryPercentFor(change, before);
    let patched: InferenceServiceObject | undefined;
    return this.pipeline.run({
      eventId: KSERVE_AUDIT_EVENTS[change.kind],
      instance: target.cluster,
      authority: {
        kind: 'ingested-entity',
        permission:
          change.kind === 'rollback'
            ? kserveCanaryRollbackPermission
            : kserveCanaryUpdatePermission,
        locator: target.locator,
      },
      credentials: ctx.credentials,
      request: ctx.request,
      meta: {
        entityRef: target.entityRef,
        cluster: target.cluster,
        namespace: target.ref.namespace,
        name: target.ref.name,
        change: { ...change },
        canaryTrafficPercent: percent,
        resourceVersion,
      },
      change: async () => {
        patched = await this.patch(target, percent, resourceVersion);
        return {
          before: trafficRecord(before),
          after: trafficRecord(describeServed(target, patched)),
        };
      },
      // The patch answers the object as stored; reading it again could fail a write that
      // happened.
      reload: () => this.views.view(target, patched, ctx.credentials),
    });
  }

  /** The InferenceService now, past the read cache: a cluster failure is a 503 naming it. */
  private async current(
    target: ServingTarget,
  ): Promise<InferenceServiceSummary> {
    try {
      return describeServed(
        target,
        await readInferenceService(target, { fresh: true }),
      );
    } catch (error) {
      throw asInstanceFailure(error, target.cluster);
    }
  }

  /** The patch; the API server's 409 as the same message the portal's own check gives. */
  private async patch(
    target: ServingTarget,
    percent: number,
    resourceVersion: string,
  ): Promise<InferenceServiceObject> {
    try {
      return await target.client.patchCanaryTrafficPercent(
        target.ref,
        percent,
        resourceVersion,
      );
    } catch (error) {
      if ((error as Error | undefined)?.name !== 'ConflictError') {
        throw asNotFound(error, target);
      }
      // Only to say what it is now; the message stands without it.
      const now = await readInferenceService(target, { fresh: true }).then(
        object => object.metadata?.resourceVersion,
        () => undefined,
      );
      throw changedMeanwhile(target.ref, resourceVersion, now);
    }
  }
}
