import { airflowUiLinks } from './links';

describe('airflowUiLinks', () => {
  it('links Airflow 2 runs and tasks into the grid view by query parameters', () => {
    expect(airflowUiLinks.dag('https://airflow.example/', 'v1', 'train')).toBe(
      'https://airflow.example/dags/train/grid',
    );
    expect(
      airflowUiLinks.run(
        'https://airflow.example',
        'v1',
        'train',
        'manual__2026-10-22T09:14:03+00:00',
      ),
    ).toBe(
      'https://airflow.example/dags/train/grid?dag_run_id=manual__2026-10-22T09%3A14%3A03%2B00%3A00',
    );
    expect(
      airflowUiLinks.taskInstance('https://airflow.example', 'v1', {
        dagId: 'train',
        runId: 'r1',
        taskId: 'fit',
        mapIndex: 2,
        tryNumber: 3,
      }),
    ).toBe(
      'https://airflow.example/dags/train/grid?dag_run_id=r1&task_id=fit&map_index=2&tab=logs',
    );
  });

  it('links Airflow 3 runs and tasks by path, each id encoded as one segment', () => {
    expect(airflowUiLinks.dag('https://af3.example/ui//', 'v2', 'a.b')).toBe(
      'https://af3.example/ui/dags/a.b',
    );
    expect(
      airflowUiLinks.run('https://af3.example', 'v2', 'train', 'manual/1 x'),
    ).toBe('https://af3.example/dags/train/runs/manual%2F1%20x');
    expect(
      airflowUiLinks.taskInstance('https://af3.example', 'v2', {
        dagId: 'train',
        runId: 'r1',
        taskId: 'fit',
        mapIndex: -1,
      }),
    ).toBe('https://af3.example/dags/train/runs/r1/tasks/fit');
    expect(
      airflowUiLinks.taskInstance('https://af3.example', 'v2', {
        dagId: 'train',
        runId: 'r1',
        taskId: 'fit',
        mapIndex: 0,
        tryNumber: 2,
      }),
    ).toBe(
      'https://af3.example/dags/train/runs/r1/tasks/fit/mapped/0?try_number=2',
    );
  });
});
