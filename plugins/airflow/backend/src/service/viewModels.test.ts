import type {
  AirflowDag,
  AirflowDagRun,
} from '@mlops-portal/plugin-airflow-node';
import {
  dagHealth,
  newestFirst,
  toRunView,
  toTaskInstanceView,
} from './viewModels';

const dag = (over: Partial<AirflowDag> = {}): AirflowDag => ({
  dagId: 'train',
  displayName: 'train',
  isPaused: false,
  owners: [],
  tags: [],
  nextRunAfter: '2026-12-03T02:00:00Z',
  ...over,
});
const run = (
  state: AirflowDagRun['state'],
  over: Partial<AirflowDagRun> = {},
) => ({ dagId: 'train', runId: `r-${state}`, state, ...over } as AirflowDagRun);
const ui = { uiUrl: 'https://af.example', apiVersion: 'v2' as const };

describe('dagHealth', () => {
  it('counts failures in a row from the newest run', () => {
    expect(
      dagHealth(dag(), [
        run('failed'),
        run('failed'),
        run('success'),
        run('failed'),
      ]),
    ).toMatchObject({ lastRunState: 'failed', failureStreak: 2 });
    expect(dagHealth(dag(), [run('failed'), run('failed')]).failureStreak).toBe(
      2,
    );
    expect(
      dagHealth(dag(), [run('running'), run('failed')]).failureStreak,
    ).toBe(0);
  });

  it('has no last run for a DAG that never ran, and no next run while paused', () => {
    expect(dagHealth(dag(), [])).toEqual({
      nextRunAfter: '2026-12-03T02:00:00Z',
      failureStreak: 0,
    });
    expect(dagHealth(dag({ isPaused: true }), [])).toEqual({
      failureStreak: 0,
    });
  });

  it('dates the last run by its start, else its logical date', () => {
    expect(
      dagHealth(dag(), [run('queued', { logicalDate: '2026-12-01T00:00:00Z' })])
        .lastRunAt,
    ).toBe('2026-12-01T00:00:00Z');
  });
});

describe('view models', () => {
  it('gives a duration only for a run that has both ends in order', () => {
    const at = (startDate: string, endDate?: string) =>
      toRunView(run('success', { startDate, endDate }), ui).durationMs;
    expect(at('2026-12-01T00:00:00Z', '2026-12-01T00:01:00Z')).toBe(60_000);
    expect(at('2026-12-01T00:00:00Z')).toBeUndefined();
    expect(at('2026-12-01T00:01:00Z', '2026-12-01T00:00:00Z')).toBeUndefined();
    expect(at('not a date', '2026-12-01T00:00:00Z')).toBeUndefined();
  });

  it('counts the first try on top of the retries, and links a mapped task by its index', () => {
    const view = toTaskInstanceView(
      'train',
      'r1',
      {
        taskId: 'fit',
        displayName: 'fit',
        mapIndex: 3,
        tryNumber: 2,
        maxTries: 2,
        durationSeconds: 1.5,
      },
      ui,
    );
    expect(view).toMatchObject({ maxTries: 3, durationMs: 1500 });
    for (const durationSeconds of [-1, -1.797693134862316e305, 1.7e308]) {
      expect(
        toTaskInstanceView(
          'train',
          'r1',
          {
            taskId: 'fit',
            displayName: 'fit',
            mapIndex: -1,
            tryNumber: 1,
            durationSeconds,
          },
          ui,
        ).durationMs,
      ).toBeUndefined();
    }
    expect(view.url).toBe(
      'https://af.example/dags/train/runs/r1/tasks/fit/mapped/3',
    );
  });

  it('orders newest first by the field each API version has on every run', () => {
    expect(newestFirst('v1')).toBe('-logical_date');
    expect(newestFirst('v2')).toBe('-run_after');
  });
});
