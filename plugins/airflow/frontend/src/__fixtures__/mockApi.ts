import { AirflowBackendApi } from '../api/AirflowBackendApi';
import { featuresDag, logOf, runs, target, tasks, trainingDag } from './data';

/** A typed mock of the Airflow backend API whose defaults answer with the fixtures. */
export function createMockAirflowApi(
  overrides: Partial<AirflowBackendApi> = {},
): jest.Mocked<AirflowBackendApi> {
  return {
    getDags: jest.fn(async () => ({
      target,
      items: [trainingDag, featuresDag],
      errors: [],
    })),
    getRuns: jest.fn(async (_ref, dagId) => ({
      target,
      items: dagId === trainingDag.dagId ? runs : [],
      totalEntries: dagId === trainingDag.dagId ? runs.length : 0,
      errors: [],
    })),
    getTaskInstances: jest.fn(async (_ref, _dagId, runId) => ({
      target,
      run: runs.find(r => r.runId === runId),
      items: tasks,
      errors: [],
    })),
    getTaskLog: jest.fn(async (_ref, dagId, runId, query) => ({
      target,
      content: logOf(query.taskId, query.tryNumber),
      truncated: false,
      url: `${target.uiUrl}/dags/${dagId}/grid?dag_run_id=${encodeURIComponent(
        runId,
      )}&task_id=${query.taskId}&tab=logs`,
      errors: [],
    })),
    triggerRun: jest.fn(async (_ref, dagId) => ({
      item: {
        ...runs[0],
        dagId,
        runId: 'manual__2026-10-23T10:00:00+00:00',
        state: 'queued',
      },
    })),
    setPaused: jest.fn(async (_ref, dagId, request) => ({
      item: {
        ...(dagId === featuresDag.dagId ? featuresDag : trainingDag),
        isPaused: request.isPaused,
      },
    })),
    clearRun: jest.fn(async (_ref, _dagId, runId) => ({
      item: {
        ...(runs.find(r => r.runId === runId) ?? runs[0]),
        state: 'queued',
      },
    })),
    ...overrides,
  } as jest.Mocked<AirflowBackendApi>;
}
