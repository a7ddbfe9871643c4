import { KubeflowBackendApi } from '../api/KubeflowBackendApi';
import {
  experiments,
  pipeline,
  recurringRuns,
  runs,
  target,
  tasks,
  uiUrl,
} from './data';

/** A typed mock of the Kubeflow backend API whose defaults answer with the fixtures. */
export function createMockKubeflowApi(
  overrides: Partial<KubeflowBackendApi> = {},
): jest.Mocked<KubeflowBackendApi> {
  return {
    listInstances: jest.fn(async () => ({
      instances: [{ name: 'sandbox', uiUrl, default: true }],
    })),
    getPipeline: jest.fn(async () => ({ target, pipeline, errors: [] })),
    getRuns: jest.fn(async () => ({
      target,
      items: runs,
      totalSize: runs.length,
      errors: [],
    })),
    getRun: jest.fn(async (_ref, runId) => ({
      run: runs.find(r => r.runId === runId) ?? { ...runs[0], runId },
      tasks,
    })),
    getRecurringRuns: jest.fn(async () => ({
      target,
      items: recurringRuns,
      authority: pipeline.authority,
      errors: [],
    })),
    getExperiments: jest.fn(async () => ({
      target,
      items: experiments,
      errors: [],
    })),
    createRun: jest.fn(async (_ref, request) => ({
      ...runs[0],
      runId: '11111111-2222-4333-8444-555566667777',
      name: request.name ?? 'fraud-detection-training 2026-10-23 10:00',
      state: 'PENDING' as const,
      finishedAt: undefined,
      durationMs: undefined,
      error: undefined,
      parameters: request.parameters,
      url: `${uiUrl}/#/runs/details/11111111-2222-4333-8444-555566667777`,
    })),
    setRecurringRunEnabled: jest.fn(async (_ref, recurringRunId, enabled) => ({
      ...(recurringRuns.find(r => r.recurringRunId === recurringRunId) ??
        recurringRuns[0]),
      enabled,
    })),
    ...overrides,
  } as jest.Mocked<KubeflowBackendApi>;
}
