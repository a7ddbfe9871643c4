/**
 * The longest note Airflow stores on a DAG run (its note column holds 1,000 characters).
 *
 * @public
 */
export const AIRFLOW_MAX_NOTE_LENGTH = 1000;

/**
 * The note of a run the portal triggers, wherever it is triggered from (the entity page, an
 * action, a template): who triggered it from Backstage, then their own note, cut to what Airflow
 * stores.
 *
 * @param actor - who triggered it, e.g. `user:default/jane`
 * @public
 */
export function airflowTriggerNote(actor: string, note?: string): string {
  const by = `Triggered from Backstage by ${actor}`;
  const text = note?.trim() ? `${by}: ${note.trim()}` : by;
  return text.length > AIRFLOW_MAX_NOTE_LENGTH
    ? `${text.slice(0, AIRFLOW_MAX_NOTE_LENGTH - 1)}…`
    : text;
}
