import {
  formatTimestamp,
  RunStatusCategory,
} from '@mlops-portal/plugin-mlops-react';
import {
  ServingVerdict,
  ServingVerdictKind,
} from '@mlops-portal/plugin-kserve-common';

/** The title the KServe panels give the system, as the kit's error panels name it. */
export const SYSTEM_TITLE = 'KServe';

/** An ISO 8601 time of the backend as the kit formats times (`2026-10-22 09:14`), else `–`. */
export function formatIso(iso: string | undefined): string {
  return formatTimestamp(iso ? Date.parse(iso) : undefined);
}

/** A share of traffic as the page writes it: `20 %`. */
export function formatPercent(percent: number): string {
  return `${percent} %`;
}

// A canary is a rollout in progress, not health: blue like a running job, never the green of
// Ready, so a page of model servers shows at a glance which ones are fully rolled out.
const VERDICT_CATEGORY: Record<ServingVerdictKind, RunStatusCategory> = {
  Ready: 'ok',
  Canary: 'running',
  Progressing: 'pending',
  Degraded: 'warning',
  Failed: 'error',
  Stopped: 'neutral',
};

/** The colour family of a verdict; a kind this version does not know is neutral. */
export function verdictCategory(verdict: ServingVerdict): RunStatusCategory {
  return VERDICT_CATEGORY[verdict.kind] ?? 'neutral';
}

/** What the verdict chip says: the kind, with the share for a canary (`Canary 20 %`). */
export function verdictLabel(verdict: ServingVerdict): string {
  if (verdict.kind === 'Canary' && verdict.canaryPercent !== undefined) {
    return `Canary ${formatPercent(verdict.canaryPercent)}`;
  }
  return verdict.kind;
}

/** Whether a condition is a problem: any `False` but `Stopped: False`, which means running. */
export function isFailingCondition(condition: {
  type: string;
  status: string;
}): boolean {
  return condition.status === 'False' && condition.type !== 'Stopped';
}
