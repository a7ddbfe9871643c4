import { formatTimestamp } from '@mlops-portal/plugin-mlops-react';
import { AirflowRunView } from '@mlops-portal/plugin-airflow-common';

/** An ISO 8601 time of the backend as the kit formats times (`2026-10-22 09:14`), else `–`. */
export function formatIso(iso: string | undefined): string {
  return formatTimestamp(iso ? Date.parse(iso) : undefined);
}

/** How a run is named on the page: its logical date where it has one, with its state. */
export function runLabel(run: AirflowRunView): string {
  const when = run.logicalDate ?? run.startDate;
  return [when && formatIso(when), run.state ?? 'unknown state', run.runId]
    .filter(Boolean)
    .join(' · ');
}
