import { AIRFLOW_MAX_NOTE_LENGTH, airflowTriggerNote } from './note';

describe('airflowTriggerNote', () => {
  it('names who triggered, then their note, trimmed', () => {
    expect(airflowTriggerNote('user:default/jane')).toBe(
      'Triggered from Backstage by user:default/jane',
    );
    expect(airflowTriggerNote('user:default/jane', '  retry after fix ')).toBe(
      'Triggered from Backstage by user:default/jane: retry after fix',
    );
    expect(airflowTriggerNote('service external:ci', '   ')).toBe(
      'Triggered from Backstage by service external:ci',
    );
  });

  it('cuts a long note to what Airflow stores, marking the cut', () => {
    const note = airflowTriggerNote('user:default/jane', 'y'.repeat(5000));
    expect(note).toHaveLength(AIRFLOW_MAX_NOTE_LENGTH);
    expect(note.endsWith('…')).toBe(true);
  });
});
