import type { ServingCondition, ServingVerdict } from './api';
import type { InferenceServiceFacts } from './describe';

/**
 * What the verdict is computed from: an InferenceService's facts.
 *
 * @public
 */
export type VerdictInput = InferenceServiceFacts;

const FAILED_TRANSITIONS = new Set(['BlockedByFailedLoad', 'InvalidSpec']);

function describeCondition(c: ServingCondition): string {
  const detail = [c.reason, c.message].filter(Boolean).join(': ');
  return detail
    ? `${c.type} is ${c.status} (${detail})`
    : `${c.type} is ${c.status}`;
}

function conditionCause(c: ServingCondition): string {
  return c.reason ? `${c.type}: ${c.reason}` : c.type;
}

/**
 * The one verdict for an InferenceService, from its conditions, traffic, model status and
 * generation. Never `Ready` while any condition other than `Stopped` is `False`: a False
 * condition, whatever its severity, is something the owner must see.
 *
 * @public
 */
export function servingVerdict(input: VerdictInput): ServingVerdict {
  const { conditions, traffic, modelStatus } = input;
  const byType = new Map(conditions.map(c => [c.type, c]));
  const ready = byType.get('Ready');
  const stopped = byType.get('Stopped');

  if (stopped?.status === 'True' || input.stopRequested) {
    return {
      kind: 'Stopped',
      summary: 'Stopped: the InferenceService is stopped and serves nothing',
      cause: stopped ? conditionCause(stopped) : 'serving.kserve.io/stop',
    };
  }
  if (!input.statusPresent || conditions.length === 0) {
    return {
      kind: 'Progressing',
      summary: 'Progressing: KServe has not reported a status yet',
    };
  }

  // "Stopped: False" means running; every other False is a problem.
  const failing = conditions.filter(
    c => c.status === 'False' && c.type !== 'Stopped',
  );
  const modelFailed =
    FAILED_TRANSITIONS.has(modelStatus?.transitionStatus ?? '') ||
    modelStatus?.activeModelState === 'FailedToLoad';
  const failure = modelStatus?.lastFailureInfo;

  if (failing.length > 0 || modelFailed) {
    const first = failing.find(c => c.type === 'Ready') ?? failing[0];
    const cause = first
      ? conditionCause(first)
      : `modelStatus: ${modelStatus?.transitionStatus ?? 'FailedToLoad'}`;
    const detail = first
      ? describeCondition(first)
      : failure?.message ?? 'the model failed to load';
    const stableRevision =
      traffic?.latestReadyRevision &&
      traffic.latestReadyRevision !== traffic.latestCreatedRevision
        ? traffic.latestReadyRevision
        : undefined;
    const serving =
      byType.get('IngressReady')?.status !== 'False' &&
      input.url !== undefined &&
      (traffic?.targets ?? []).some(
        t => t.percent > 0 && t.revisionName !== traffic?.latestCreatedRevision,
      );
    if (stableRevision && serving) {
      return {
        kind: 'Degraded',
        summary: `Degraded: the latest revision ${traffic?.latestCreatedRevision} is not ready; ${stableRevision} still serves. ${detail}`,
        cause,
      };
    }
    if (ready?.status === 'True' && !modelFailed) {
      // Ready overall, but a component reports False: serving, not healthy.
      return { kind: 'Degraded', summary: `Degraded: ${detail}`, cause };
    }
    const loading =
      !modelFailed &&
      failure === undefined &&
      (modelStatus?.transitionStatus === 'InProgress' ||
        ['Pending', 'Loading'].includes(modelStatus?.activeModelState ?? ''));
    if (loading) {
      return { kind: 'Progressing', summary: `Progressing: ${detail}`, cause };
    }
    return {
      kind: 'Failed',
      summary: `Failed: ${
        failure?.message && !first ? failure.message : detail
      }`,
      cause,
    };
  }

  if (ready?.status !== 'True') {
    return {
      kind: 'Progressing',
      summary: ready
        ? `Progressing: ${describeCondition(ready)}`
        : 'Progressing: KServe has not reported a Ready condition yet',
      cause: ready ? conditionCause(ready) : undefined,
    };
  }
  if (
    input.generation !== undefined &&
    input.observedGeneration !== undefined &&
    input.observedGeneration < input.generation
  ) {
    return {
      kind: 'Progressing',
      summary: `Progressing: generation ${input.generation} of the spec is not reconciled yet (the status describes ${input.observedGeneration})`,
      cause: 'observedGeneration',
    };
  }
  if (modelStatus?.transitionStatus === 'InProgress') {
    return {
      kind: 'Progressing',
      summary: `Progressing: the model is ${
        modelStatus.activeModelState ?? 'loading'
      }, moving to ${modelStatus.targetModelState || 'Loaded'}`,
      cause: 'modelStatus: InProgress',
    };
  }
  if (
    traffic &&
    traffic.targets.length > 1 &&
    traffic.latestPercent > 0 &&
    traffic.latestPercent < 100
  ) {
    const latest =
      traffic.targets.find(t => t.latestRevision)?.revisionName ??
      traffic.latestReadyRevision;
    return {
      kind: 'Canary',
      canaryPercent: traffic.latestPercent,
      summary: `Canary ${traffic.latestPercent} %: ${
        latest ?? 'the latest revision'
      } gets ${traffic.latestPercent} % of traffic, ${
        traffic.stablePercent
      } % stays on ${
        traffic.targets.find(t => !t.latestRevision)?.revisionName ??
        'the previous revision'
      }`,
    };
  }
  return { kind: 'Ready', summary: 'Ready: every condition is True' };
}
