import { AirflowDag } from '@mlops-portal/plugin-airflow-node';
import fc from 'fast-check';

/** A DAG id Airflow accepts: `KEY_REGEX` (letters, digits, `_`, `.`, `-`), at most 250 characters. */
export const arbitraryDagId = fc.stringMatching(/^[A-Za-z0-9_.-]{1,250}$/);

/** Owners as DAG authors write them: catalog names and emails, Airflow's default, anything. */
export const arbitraryOwner = fc.oneof(
  fc.constantFrom(
    'airflow',
    'Airflow',
    'jane.doe',
    'Jane.Doe@example.com',
    'fraud-detection',
    'group:default/customer-insights',
    'bob, nobody',
    '',
  ),
  fc.string(),
  fc.emailAddress(),
);

/**
 * A DAG as the client hands it out for any `GET /dags` answer the contracts allow: the fields
 * Airflow must send (`dag_id`; a display name and the lists, which the client fills in), and any
 * subset of the optional ones with any value.
 */
export const arbitraryDag: fc.Arbitrary<AirflowDag> = arbitraryDagId.chain(
  dagId =>
    fc.record(
      {
        dagId: fc.constant(dagId),
        displayName: fc.oneof(
          fc.constant(dagId),
          fc.string({ minLength: 1, unit: 'grapheme' }),
        ),
        description: fc.string({ unit: 'grapheme' }),
        isPaused: fc.boolean(),
        owners: fc.array(arbitraryOwner, { maxLength: 4 }),
        tags: fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 6 }),
        fileloc: fc.string(),
        schedule: fc.oneof(
          fc.constantFrom('0 2 * * *', '@daily', 'None', 'Asset', ''),
          fc.string(),
        ),
        scheduleDescription: fc.string(),
        nextRunAfter: fc
          .date({ noInvalidDate: true })
          .map(d => d.toISOString()),
        hasImportErrors: fc.boolean(),
      },
      {
        requiredKeys: ['dagId', 'displayName', 'isPaused', 'owners', 'tags'],
      },
    ),
);

/** Optional fields of a DAG body: each may be missing, `null` or any value of its type. */
const OPTIONAL_BODY_FIELDS = [
  'dag_display_name',
  'description',
  'is_paused',
  'owners',
  'tags',
  'fileloc',
  'timetable_description',
  'timetable_summary',
  'schedule_interval',
  'has_import_errors',
];

/**
 * A `GET /dags` item as Airflow 3 (`v2`) or Airflow 2 (`v1`) may send it for a DAG id: every
 * optional field present with any value of its type, `null`, or left out.
 */
export function arbitraryDagBody(
  version: 'v1' | 'v2',
  dagId: string,
): fc.Arbitrary<Record<string, unknown>> {
  const text = fc.string({ unit: 'grapheme' });
  // Airflow 3 sends the schedule as a summary, Airflow 2 as an interval object.
  const schedule: Record<string, fc.Arbitrary<unknown>> = version === 'v2'
    ? { timetable_summary: fc.option(text, { nil: null }) }
    : {
        schedule_interval: fc.oneof(
          fc.constant(null),
          text.map(value => ({ __type: 'CronExpression', value })),
          fc.constant({ __type: 'TimeDelta', days: 1, seconds: 0 }),
        ),
      };
  const present = fc.record<Record<string, unknown>>({
    ...schedule,
    dag_id: fc.constant(dagId),
    dag_display_name: text,
    description: text,
    is_paused: fc.boolean(),
    owners: fc.array(arbitraryOwner, { maxLength: 4 }),
    // Airflow stores tags by name; the client reads an empty name as a missing one.
    tags: fc.array(
      fc
        .string({ minLength: 1, unit: 'grapheme' })
        .map(name => ({ name, dag_id: dagId })),
      { maxLength: 5 },
    ),
    fileloc: fc.string(),
    timetable_description: text,
    has_import_errors: fc.boolean(),
  });
  return fc
    .tuple(
      present,
      fc.subarray(OPTIONAL_BODY_FIELDS),
      fc.subarray(OPTIONAL_BODY_FIELDS),
    )
    .map(([body, missing, nulls]) => {
      const out: Record<string, unknown> = { ...body };
      for (const key of nulls) {
        if (key in out) out[key] = null;
      }
      for (const key of missing) {
        delete out[key];
      }
      return out;
    });
}

/** Distinct DAG ids, in no particular order. */
export const arbitraryDagIds = (maxLength: number) =>
  fc.uniqueArray(arbitraryDagId, { maxLength });
