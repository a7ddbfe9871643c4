import { formatTimestamp } from '@mlops-portal/plugin-mlops-react';
import {
  KubeflowRunView,
  KubeflowSchedule,
} from '@mlops-portal/plugin-kubeflow-common';

/** The title the Kubeflow panels give the system, as the kit's error panels name it. */
export const SYSTEM_TITLE = 'Kubeflow Pipelines';

/** An ISO 8601 time of the backend as the kit formats times (`2026-10-22 09:14`), else `–`. */
export function formatIso(iso: string | undefined): string {
  return formatTimestamp(iso ? Date.parse(iso) : undefined);
}

/** How a run is named in a strip's tooltip: when it was created, its state and its name. */
export function runLabel(run: KubeflowRunView): string {
  return [
    run.createdAt && formatIso(run.createdAt),
    run.state ?? 'state unknown',
    run.name,
  ]
    .filter(Boolean)
    .join(' · ');
}

const UNITS: Array<[number, string]> = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
];

/**
 * A recurring run's trigger in words: `cron 0 0 2 * * *` or `every 6 hours`; a period that is no
 * whole number of a larger unit stays in seconds, as KFP stores it.
 */
export function scheduleText(schedule: KubeflowSchedule | undefined): string {
  if (schedule?.cron) {
    return `cron ${schedule.cron}`;
  }
  const seconds = schedule?.intervalSeconds;
  if (seconds === undefined || !(seconds > 0)) {
    return 'no trigger';
  }
  for (const [size, unit] of UNITS) {
    if (seconds % size === 0) {
      const n = seconds / size;
      return n === 1 ? `every ${unit}` : `every ${n} ${unit}s`;
    }
  }
  return seconds === 1 ? 'every second' : `every ${seconds} seconds`;
}
