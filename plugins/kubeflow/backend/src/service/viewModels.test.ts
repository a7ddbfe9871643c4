import type { KubeflowTaskDetail } from '@mlops-portal/plugin-kubeflow-node';
import { between, knownTime, toRunView, toTaskGraph } from './viewModels';

const detail = (
  displayName: string,
  more: Partial<KubeflowTaskDetail> = {},
): KubeflowTaskDetail => ({
  taskId: `id-${displayName}`,
  displayName,
  ...more,
});

describe('toTaskGraph', () => {
  const spec = [
    { name: 'ingest', displayName: 'Ingest data', dependsOn: [] },
    { name: 'train', displayName: 'Train', dependsOn: ['ingest', 'gone'] },
    { name: 'evaluate', displayName: 'evaluate-model', dependsOn: ['train'] },
  ];

  it('joins details to spec tasks by key, else by display name, and adds the rest without edges', () => {
    const graph = toTaskGraph(spec, [
      detail('ingest', {
        state: 'SUCCEEDED',
        startTime: '2026-10-01T00:00:00Z',
        endTime: '2026-10-01T00:01:00Z',
      }),
      detail('evaluate-model', { state: 'RUNNING' }),
      detail('root-driver', { state: 'SUCCEEDED' }),
    ]);
    expect(graph).toEqual([
      {
        id: 'ingest',
        name: 'Ingest data',
        state: 'SUCCEEDED',
        startedAt: '2026-10-01T00:00:00Z',
        finishedAt: '2026-10-01T00:01:00Z',
        durationMs: 60_000,
        dependsOn: [],
      },
      // An edge to a task the spec does not have is dropped.
      { id: 'train', name: 'Train', dependsOn: ['ingest'] },
      {
        id: 'evaluate',
        name: 'evaluate-model',
        state: 'RUNNING',
        dependsOn: ['train'],
      },
      {
        id: 'root-driver',
        name: 'root-driver',
        state: 'SUCCEEDED',
        dependsOn: [],
      },
    ]);
  });

  it('shows the latest try of a task reported more than once', () => {
    const [ingest] = toTaskGraph(spec, [
      detail('ingest', {
        state: 'SUCCEEDED',
        startTime: '2026-10-01T00:10:00Z',
      }),
      detail('ingest', {
        state: 'FAILED',
        startTime: '2026-10-01T00:00:00Z',
        error: 'OOMKilled',
      }),
    ]);
    expect(ingest).toMatchObject({ state: 'SUCCEEDED' });
    expect(ingest.error).toBeUndefined();
  });

  it('never joins a detail to a task by a display name that is another task’s key', () => {
    const graph = toTaskGraph(
      [
        { name: 'a', displayName: 'b', dependsOn: [] },
        { name: 'b', displayName: 'B', dependsOn: [] },
      ],
      [detail('b', { state: 'FAILED' })],
    );
    expect(graph.map(t => [t.id, t.state])).toEqual([
      ['a', undefined],
      ['b', 'FAILED'],
    ]);
  });
});

describe('times', () => {
  it('treats KFP’s zero time as unknown and never gives a negative duration', () => {
    expect(knownTime('1970-01-01T00:00:00Z')).toBeUndefined();
    expect(knownTime('not a time')).toBeUndefined();
    expect(between('2026-10-02T00:00:00Z', '2026-10-01T00:00:00Z')).toBe(
      undefined,
    );
    const running = toRunView(
      {
        runId: 'r',
        displayName: 'r',
        createdAt: '2026-10-01T00:00:00Z',
        finishedAt: '1970-01-01T00:00:00Z',
        tasks: [],
      },
      'https://kfp.example.com',
    );
    expect(running.finishedAt).toBeUndefined();
    expect(running.durationMs).toBeUndefined();
  });
});
