import {
  CanaryChange,
  InferenceServiceSummary,
  ServingResponse,
} from '@mlops-portal/plugin-kserve-common';
import { formatPercent } from '../format';

/** The three traffic changes the page offers. */
export type CanaryChangeKind = CanaryChange['kind'];

/** The revisions a canary rollout moves traffic between, as far as the status names them. */
export interface CanaryRevisions {
  /** The share the latest (canary) revision gets now: 100 when no canary is on. */
  canaryPercent: number;
  /** The latest revision, which a promotion gives all traffic. */
  canaryRevision?: string;
  /** The previous rolled-out revision, which a rollback gives all traffic. */
  stableRevision?: string;
}

/**
 * The canary and stable revisions of an InferenceService and the canary's share now. The share
 * is what the status says is served (the traffic bar), falling back to the spec's
 * `canaryTrafficPercent` while KServe has not reported a split, else 100 (no canary).
 */
export function canaryRevisions(is: InferenceServiceSummary): CanaryRevisions {
  const traffic = is.traffic;
  const targets = traffic?.targets ?? [];
  const latest = targets.find(t => t.latestRevision);
  const canaryRevision =
    latest?.revisionName ??
    traffic?.latestReadyRevision ??
    traffic?.latestCreatedRevision;
  const stableRevision =
    targets.find(
      t =>
        !t.latestRevision &&
        t.revisionName &&
        t.revisionName !== canaryRevision,
    )?.revisionName ??
    [traffic?.previousRolledoutRevision, traffic?.latestRolledoutRevision].find(
      r => r !== undefined && r !== canaryRevision,
    );
  const canaryPercent =
    targets.length > 0
      ? traffic!.latestPercent
      : is.predictor.canaryTrafficPercent ?? 100;
  return { canaryPercent, canaryRevision, stableRevision };
}

/** The canary share a change asks for. */
export function targetPercent(change: CanaryChange): number {
  switch (change.kind) {
    case 'promote':
      return 100;
    case 'rollback':
      return 0;
    default:
      return change.percent;
  }
}

/** What a change does, for the confirmation dialog: from → to, revision by revision. */
export interface ChangeDescription {
  /** `Canary traffic: 20 % → 100 %`. */
  headline: string;
  /** One line per revision: `fraud-detector-predictor-00005 (canary): 20 % → 100 %`. */
  revisions: string[];
  /** Whether the change asks for the share there is now. */
  unchanged: boolean;
}

/** Describes a change against the InferenceService as the user sees it. */
export function describeChange(
  change: CanaryChange,
  is: InferenceServiceSummary,
): ChangeDescription {
  const { canaryPercent, canaryRevision, stableRevision } = canaryRevisions(is);
  const to = targetPercent(change);
  const move = (from: number, next: number) =>
    `${formatPercent(from)} → ${formatPercent(next)}`;
  return {
    headline: `Canary traffic: ${move(canaryPercent, to)}`,
    revisions: [
      `${canaryRevision ?? 'the latest revision'} (canary): ${move(
        canaryPercent,
        to,
      )}`,
      `${stableRevision ?? 'the previous revision'} (stable): ${move(
        100 - canaryPercent,
        100 - to,
      )}`,
    ],
    unchanged: to === canaryPercent,
  };
}

/** The success message of a change the backend accepted. */
export function changedMessage(
  change: CanaryChange,
  is: InferenceServiceSummary,
): string {
  const { canaryRevision, stableRevision } = canaryRevisions(is);
  const canary = canaryRevision ?? 'the latest revision';
  const stable = stableRevision ?? 'the previous revision';
  switch (change.kind) {
    case 'promote':
      return `Promoted: ${canary} gets 100 % of traffic.`;
    case 'rollback':
      return `Rolled back: ${stable} gets all traffic again, ${canary} none.`;
    default:
      return `Canary set to ${formatPercent(
        change.percent,
      )}: ${canary} gets ${formatPercent(
        change.percent,
      )}, ${stable} ${formatPercent(100 - change.percent)}.`;
  }
}

/** Why a typed canary share cannot be sent, or undefined: a whole number from 0 to 100. */
export function percentProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return 'Required: a whole number from 0 to 100';
  }
  if (!/^-?\d+$/.test(trimmed)) {
    return `Must be a whole number from 0 to 100, not "${trimmed}"`;
  }
  const value = Number(trimmed);
  if (value < 0 || value > 100) {
    return `Must be from 0 to 100, not ${value}`;
  }
  return undefined;
}

/** Whether an action is offered at all, and why it cannot be used now when it cannot. */
export interface CanaryActionState {
  /** The user may make this change (the backend's `allowed`). */
  offered: boolean;
  /** Why the button is disabled, when it is. */
  disabledReason?: string;
}

/**
 * Which of promote, roll back and set canary the page offers, from what the backend says the
 * user may do; disabled with the reason where the deployment mode has no canary or the change
 * would change nothing.
 */
export function canaryActionStates(
  serving: ServingResponse,
): Record<CanaryChangeKind, CanaryActionState> {
  const is = serving.inferenceService;
  const { canaryPercent, stableRevision } = canaryRevisions(is);
  const blocked =
    is.canaryUnsupportedReason ??
    (is.resourceVersion
      ? undefined
      : 'The InferenceService has no resourceVersion to change it on');
  const noStable = stableRevision
    ? undefined
    : 'There is no previous revision to send traffic to';
  return {
    promote: {
      offered: serving.allowed.update,
      disabledReason:
        blocked ??
        (canaryPercent === 100
          ? 'The latest revision already gets 100 % of traffic'
          : undefined),
    },
    rollback: {
      offered: serving.allowed.rollback,
      disabledReason:
        blocked ??
        noStable ??
        (canaryPercent === 0
          ? 'The canary already gets no traffic'
          : undefined),
    },
    set: {
      offered: serving.allowed.update,
      disabledReason: blocked ?? noStable,
    },
  };
}
