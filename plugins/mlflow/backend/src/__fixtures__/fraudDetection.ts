import {
  FakeMlflowData,
  mlflowRun,
  modelVersion,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';

/**
 * The fraud-detection story in miniature, for a `FakeMlflow`: experiment 1 `fraud-detection` with
 * runs r1, r2 and r3 (still running), experiment 2 `churn-prediction` with run c1, experiment 7
 * named `12`; the model `fraud-detector` (owner tag `fraud-detection`) with version 1 (Production,
 * from r1, the champion) and version 2 (Staging, from r2, the challenger).
 */
export function fraudDetection(): FakeMlflowData {
  return {
    experiments: [
      { experiment_id: '1', name: 'fraud-detection' },
      { experiment_id: '2', name: 'churn-prediction' },
      { experiment_id: '7', name: '12' },
    ],
    runs: [
      mlflowRun('r1', '1', { auc: 0.91, f1: 0.7 }),
      mlflowRun('r2', '1', { auc: 0.95, f1: 0.8 }),
      mlflowRun(
        'r3',
        '1',
        { auc: 0.93 },
        { status: 'RUNNING', end_time: undefined },
      ),
      mlflowRun('c1', '2', { auc: 0.8 }),
    ],
    histories: {
      // Out of step order, as MLflow may return them.
      'r1/auc': [
        { key: 'auc', value: 0.91, timestamp: 30, step: 2 },
        { key: 'auc', value: 0.5, timestamp: 10, step: 0 },
        { key: 'auc', value: 0.8, timestamp: 20, step: 1 },
      ],
      'r1/f1': [{ key: 'f1', value: 0.7, timestamp: 10, step: 0 }],
      'r2/auc': [{ key: 'auc', value: 0.95, timestamp: 10, step: 0 }],
    },
    models: [
      registeredModel('fraud-detector', {
        description: 'Scores transactions',
        tags: { owner: 'fraud-detection' },
        aliases: { champion: '1', challenger: '2' },
      }),
    ],
    versions: [
      modelVersion('fraud-detector', 1, {
        current_stage: 'Production',
        run_id: 'r1',
        source: 'runs:/r1/model',
      }),
      modelVersion('fraud-detector', 2, {
        current_stage: 'Staging',
        run_id: 'r2',
        source: 'runs:/r2/model',
      }),
    ],
  };
}
