import type { KubernetesState } from './state';
import { InferenceService, JsonObject } from './types';
import { canaryOf, clone, isObject } from './validation';

/*
 * The little of KServe's controller the demo needs to look alive: it re-splits traffic when
 * `canaryTrafficPercent` changes, and removes its finalizer when an InferenceService is deleted.
 * It runs synchronously right after the write that triggers it, as a separate write (the client's
 * write returns the object as stored; a GET or a watch shows the reconciled status), so the
 * sequence of resourceVersions and events is the same on every run.
 */

/** The finalizer KServe's controller puts on every InferenceService. */
export const KSERVE_FINALIZER = 'inferenceservice.finalizers';

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v ? v : undefined;

function isServerless(isvc: InferenceService): boolean {
  return (
    isvc.metadata.annotations?.['serving.kserve.io/deploymentMode'] ===
      'Serverless' || isvc.status?.deploymentMode === 'Serverless'
  );
}

/** The traffic block KServe writes for a canary percentage (undefined = canary removed). */
function trafficFor(
  percent: number | undefined,
  latest: string,
  previous: string,
  predictorUrl: string | undefined,
): JsonObject[] {
  // Knative tags get their own hostnames: http://latest-<name>-predictor.<ns>.<domain>.
  const tagged = (tag: string): JsonObject =>
    predictorUrl
      ? { tag, url: predictorUrl.replace('://', `://${tag}-`) }
      : { tag };
  if (percent === undefined) {
    return [{ latestRevision: true, percent: 100, revisionName: latest }];
  }
  if (percent === 100) {
    return [
      {
        latestRevision: true,
        percent: 100,
        revisionName: latest,
        ...tagged('latest'),
      },
    ];
  }
  return [
    {
      latestRevision: true,
      percent,
      revisionName: latest,
      ...tagged('latest'),
    },
    {
      latestRevision: false,
      percent: 100 - percent,
      revisionName: previous,
      ...tagged('prev'),
    },
  ];
}

function trafficMessage(
  percent: number | undefined,
  latest: string,
  previous: string,
): string {
  if (percent === undefined || percent === 100) {
    return `Traffic 100% to revision ${latest} (promoted; previous revision ${previous})`;
  }
  if (percent === 0) {
    return `Traffic 100% to revision ${previous} (rolled back from ${latest})`;
  }
  return `Traffic split ${
    100 - percent
  }/${percent} between revisions ${previous} (prev) and ${latest} (latest)`;
}

/**
 * The revision the rest of the traffic goes to: the stable one during a canary, the one
 * before it once the latest has been promoted; none when the latest is the only one.
 */
function previousRevision(
  latest: string,
  rolledOut: string | undefined,
  previousRolledOut: string | undefined,
): string | undefined {
  if (rolledOut && rolledOut !== latest) return rolledOut;
  if (previousRolledOut && previousRolledOut !== latest)
    return previousRolledOut;
  return undefined;
}

/**
 * After a spec write: when `canaryTrafficPercent` changed on a Serverless InferenceService
 * with a previous rolled-out revision, rewrites `status.components.predictor` the way KServe
 * does (n % latest / 100-n % prev; 100 or removed = promoted; 0 = rolled back) and records an
 * `UpdatedTraffic` event. Returns the reconciled object, or undefined when nothing reacts.
 */
export function reconcileCanary(
  state: KubernetesState,
  before: InferenceService,
  after: InferenceService,
): InferenceService | undefined {
  const percent = canaryOf(after);
  if (percent === canaryOf(before) || !isServerless(after)) return undefined;
  const components = after.status?.components;
  const predictor =
    isObject(components) && isObject(components.predictor)
      ? components.predictor
      : undefined;
  const latest = str(predictor?.latestReadyRevision);
  if (!predictor || !latest) return undefined;
  const previous = previousRevision(
    latest,
    str(predictor.latestRolledoutRevision),
    str(predictor.previousRolledoutRevision),
  );
  if (!previous) return undefined;
  const promoted = percent === undefined || percent === 100;
  const status = clone(after.status!);
  const next: JsonObject = {
    ...predictor,
    latestRolledoutRevision: promoted ? latest : previous,
    previousRolledoutRevision: previous,
    traffic: trafficFor(percent, latest, previous, str(predictor.url)),
  };
  status.components = { ...(components as JsonObject), predictor: next };
  status.observedGeneration = after.metadata.generation;
  const reconciled = state.update(after, { ...after, status }, false, false);
  state.events.record(reconciled, {
    type: 'Normal',
    reason: 'UpdatedTraffic',
    message: trafficMessage(percent, latest, previous),
  });
  return reconciled;
}

/**
 * After a DELETE left an InferenceService terminating: KServe cleans up and drops its
 * finalizer; once no finalizer is left the object is gone (DELETED to watches).
 */
export function finalizeDeletion(
  state: KubernetesState,
  isvc: InferenceService,
): void {
  const finalizers = isvc.metadata.finalizers ?? [];
  if (
    !isvc.metadata.deletionTimestamp ||
    !finalizers.includes(KSERVE_FINALIZER)
  )
    return;
  const rest = finalizers.filter(f => f !== KSERVE_FINALIZER);
  if (rest.length > 0) {
    state.update(
      isvc,
      { ...isvc, metadata: { ...isvc.metadata, finalizers: rest } },
      false,
      false,
    );
    return;
  }
  // The API server deletes instead of storing an object with no finalizers left; the DELETED
  // event carries the object as last stored.
  state.remove(isvc, false);
}
