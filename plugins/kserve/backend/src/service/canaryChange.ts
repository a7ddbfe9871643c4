import { ConflictError, InputError } from '@backstage/errors';
import type {
  CanaryChange,
  InferenceServiceSummary,
} from '@mlops-portal/plugin-kserve-common';
import type { JsonObject } from '@backstage/types';

/*
 * What a traffic change means for one InferenceService, decided on the object as the cluster has
 * it now: the `spec.predictor.canaryTrafficPercent` to patch, or why not.
 */

const VERBS: Record<CanaryChange['kind'], string> = {
  set: 'set the canary traffic of',
  promote: 'promote the canary of',
  rollback: 'roll back the canary of',
};

/** `ns/name on cluster 'x'`, for messages. */
function named(summary: InferenceServiceSummary): string {
  return `InferenceService ${summary.namespace}/${summary.name} on cluster '${summary.cluster}'`;
}

/**
 * Why there is no canary to promote or roll back, or undefined when there is one: the status's
 * traffic split has the latest revision and a previous one side by side (at any shares, 0 % after
 * a roll back included).
 */
function noCanaryReason(summary: InferenceServiceSummary): string | undefined {
  const traffic = summary.traffic;
  if (!traffic || traffic.targets.length === 0) {
    return 'its status shows no traffic split yet (KServe has not rolled out a revision)';
  }
  const isLatest = (t: { latestRevision: boolean; revisionName?: string }) =>
    t.latestRevision ||
    (traffic.latestReadyRevision !== undefined &&
      t.revisionName === traffic.latestReadyRevision);
  const latest = traffic.targets.filter(isLatest);
  const previous = traffic.targets.filter(t => !isLatest(t));
  if (latest.length > 0 && previous.length > 0) {
    return undefined;
  }
  const serving =
    traffic.targets
      .filter(t => t.percent > 0)
      .map(t => `${t.revisionName ?? 'a revision'} gets ${t.percent} %`)
      .join(', ') || 'no revision gets traffic';
  const { latestCreatedRevision: created, latestReadyRevision: ready } =
    traffic;
  if (created && ready && created !== ready) {
    return `its latest revision ${created} is not ready, so no canary serves (${serving})`;
  }
  if (latest.length === 0) {
    return `no revision in its traffic split is the latest (${serving})`;
  }
  return `${serving} and no previous revision is in the split`;
}

/**
 * The canary percentage a change patches in, checked against the object as it is now.
 *
 * @throws InputError with the reason when the deployment mode has no canary (RawDeployment,
 * Standard, ModelMesh), or when there is no canary to promote or roll back
 *
 * @internal
 */
export function canaryPercentFor(
  change: CanaryChange,
  summary: InferenceServiceSummary,
): number {
  if (summary.canaryUnsupportedReason) {
    throw new InputError(
      `Cannot ${VERBS[change.kind]} ${named(summary)}: ${
        summary.canaryUnsupportedReason
      }`,
    );
  }
  if (change.kind === 'set') {
    return change.percent;
  }
  const reason = noCanaryReason(summary);
  if (reason) {
    throw new InputError(
      `${named(summary)} has no canary to ${
        change.kind === 'promote' ? 'promote' : 'roll back'
      }: ${reason}`,
    );
  }
  return change.kind === 'promote' ? 100 : 0;
}

/**
 * The one message of a change decided on an older object, whether the portal noticed
 * (`current` known) or the API server refused the patch's precondition.
 *
 * @internal
 */
export function changedMeanwhile(
  summary: Pick<InferenceServiceSummary, 'namespace' | 'name'>,
  loaded: string,
  current: string | undefined,
): ConflictError {
  return new ConflictError(
    `InferenceService ${summary.namespace}/${
      summary.name
    } changed since you loaded it (resourceVersion ${loaded}, now ${
      current ?? 'newer'
    }); reload and try again`,
  );
}

/**
 * Refuses a change decided on another resourceVersion than the object's now, before anything is
 * sent.
 *
 * @throws ConflictError saying both resourceVersions
 *
 * @internal
 */
export function requireResourceVersion(
  summary: InferenceServiceSummary,
  loaded: string,
): string {
  if (summary.resourceVersion !== loaded) {
    throw changedMeanwhile(summary, loaded, summary.resourceVersion);
  }
  return loaded;
}

/**
 * The traffic of an InferenceService as the audit log records it before and after a change.
 *
 * @internal
 */
export function trafficRecord(summary: InferenceServiceSummary): JsonObject {
  const { traffic } = summary;
  return {
    resourceVersion: summary.resourceVersion ?? null,
    canaryTrafficPercent: summary.predictor.canaryTrafficPercent ?? null,
    latestPercent: traffic?.latestPercent ?? null,
    stablePercent: traffic?.stablePercent ?? null,
    split: (traffic?.targets ?? []).map(t => ({
      revisionName: t.revisionName ?? null,
      percent: t.percent,
      latestRevision: t.latestRevision,
      ...(t.tag && { tag: t.tag }),
    })),
  };
}
