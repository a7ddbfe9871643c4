import { MlflowBackendApi } from '../api/MlflowBackendApi';
import { authority, detail, instances, model, runs, target } from './data';

/** A typed mock of the MLflow backend API whose defaults answer with the fixtures. */
export function createMockMlflowApi(
  overrides: Partial<MlflowBackendApi> = {},
): jest.Mocked<MlflowBackendApi> {
  return {
    listInstances: jest.fn(async () => ({ instances })),
    getRuns: jest.fn(async () => ({
      target,
      experiment: {
        id: '1',
        name: 'fraud-detection',
        url: `${target.uiUrl}/#/experiments/1`,
      },
      items: runs,
      errors: [],
    })),
    getRun: jest.fn(async (_ref, runId) => ({
      target,
      item: detail(runs.find(r => r.runId === runId) ?? runs[0]),
      errors: [],
    })),
    compareRuns: jest.fn(async (_ref, { runIds }) => ({
      target,
      items: runIds.map(id =>
        detail(runs.find(r => r.runId === id) ?? runs[0]),
      ),
      errors: [],
    })),
    getModel: jest.fn(async () => ({
      target,
      item: model,
      authority,
      errors: [],
    })),
    setAlias: jest.fn(async () => ({ item: model })),
    deleteAlias: jest.fn(async () => ({ item: model })),
    transitionStage: jest.fn(async () => ({ item: model })),
    ...overrides,
  } as jest.Mocked<MlflowBackendApi>;
}
