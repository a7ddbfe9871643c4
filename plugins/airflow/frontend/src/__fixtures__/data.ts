import { Entity } from '@backstage/catalog-model';
import {
  AirflowDagView,
  AirflowEntityTarget,
  AirflowRunView,
  AirflowTaskInstanceView,
} from '@mlops-portal/plugin-airflow-common';

export const uiUrl = 'http://airflow.example.com';

/** A model project naming two DAGs. */
export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detection-model',
    namespace: 'default',
    annotations: {
      'airflow.apache.org/dag-id': 'fraud_detection_training, refresh_features',
    },
  },
  spec: { type: 'service', owner: 'group:default/fraud-detection' },
};

/** An ingested DAG Resource naming its one DAG. */
export const singleDagEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fraud-detection-training',
    namespace: 'default',
    annotations: { 'airflow.apache.org/dag-id': 'fraud_detection_training' },
  },
  spec: { type: 'airflow-dag', owner: 'group:default/fraud-detection' },
};

export const plainEntity: Entity = {
  ...annotatedEntity,
  metadata: { name: 'website', namespace: 'default' },
};

export const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};

export const target: AirflowEntityTarget = {
  instance: 'sandbox',
  uiUrl,
  dagIds: ['fraud_detection_training', 'refresh_features'],
};

export const trainingDag: AirflowDagView = {
  dagId: 'fraud_detection_training',
  displayName: 'Fraud detection training',
  description: 'Trains and evaluates the fraud detector every night.',
  isPaused: false,
  owners: ['fraud-detection', 'alice'],
  tags: ['ml', 'fraud'],
  schedule: '0 2 * * *',
  scheduleDescription: 'At 02:00',
  fileloc: '/opt/airflow/dags/fraud_detection_training.py',
  hasImportErrors: false,
  url: `${uiUrl}/dags/fraud_detection_training/grid`,
  health: {
    lastRunState: 'failed',
    lastRunAt: '2026-10-22T02:00:05+00:00',
    nextRunAfter: '2026-10-23T02:00:00+00:00',
    failureStreak: 2,
  },
  authority: { entityRef: 'resource:default/fraud-detection-training' },
};

export const featuresDag: AirflowDagView = {
  dagId: 'refresh_features',
  displayName: 'refresh_features',
  isPaused: true,
  owners: ['airflow'],
  tags: [],
  url: `${uiUrl}/dags/refresh_features/grid`,
  health: { failureStreak: 0 },
  authority: { entityRef: 'resource:default/refresh-features' },
};

export const manualRunId = 'manual__2026-10-22T09:14:03+00:00';

function run(
  day: number,
  overrides: Partial<AirflowRunView> = {},
): AirflowRunView {
  const runId = `scheduled__2026-10-${day}T02:00:00+00:00`;
  return {
    dagId: 'fraud_detection_training',
    runId,
    state: 'success',
    runType: 'scheduled',
    logicalDate: `2026-10-${day}T02:00:00+00:00`,
    startDate: `2026-10-${day}T02:00:05+00:00`,
    endDate: `2026-10-${day}T02:12:10+00:00`,
    durationMs: 725_000,
    url: `${uiUrl}/dags/fraud_detection_training/grid?dag_run_id=${encodeURIComponent(
      runId,
    )}`,
    ...overrides,
  };
}

/** The newest runs, newest first, as the backend answers. */
export const runs: AirflowRunView[] = [
  run(22, {
    runId: manualRunId,
    runType: 'manual',
    state: 'failed',
    logicalDate: '2026-10-22T09:14:03+00:00',
    // queued for two minutes before it started
    startDate: '2026-10-22T09:16:05+00:00',
    endDate: '2026-10-22T09:22:05+00:00',
    durationMs: 360_000,
    note: 'Retrain after the label fix (triggered by user:default/guest)',
    url: `${uiUrl}/dags/fraud_detection_training/grid?dag_run_id=manual`,
  }),
  run(21, { state: 'failed' }),
  run(20, {
    state: 'running',
    endDate: undefined,
    durationMs: undefined,
  }),
  run(19),
];

/** The second page of runs. */
export const olderRuns: AirflowRunView[] = [run(18), run(17)];

export const tasks: AirflowTaskInstanceView[] = [
  {
    taskId: 'extract',
    displayName: 'extract',
    mapIndex: -1,
    state: 'success',
    tryNumber: 1,
    maxTries: 3,
    operator: 'PythonOperator',
    startDate: '2026-10-22T09:14:05+00:00',
    endDate: '2026-10-22T09:15:05+00:00',
    durationMs: 60_000,
    url: `${uiUrl}/dags/fraud_detection_training/grid?task_id=extract`,
  },
  {
    taskId: 'train',
    displayName: 'Train model',
    mapIndex: -1,
    state: 'failed',
    tryNumber: 3,
    maxTries: 3,
    operator: 'KubernetesPodOperator',
    startDate: '2026-10-22T09:15:05+00:00',
    endDate: '2026-10-22T09:20:05+00:00',
    durationMs: 300_000,
    url: `${uiUrl}/dags/fraud_detection_training/grid?task_id=train`,
  },
  {
    taskId: 'evaluate',
    displayName: 'evaluate',
    mapIndex: -1,
    state: 'upstream_failed',
    tryNumber: 0,
    operator: 'PythonOperator',
    url: `${uiUrl}/dags/fraud_detection_training/grid?task_id=evaluate`,
  },
];

export function logOf(taskId: string, tryNumber: number): string {
  return [
    `[2026-10-22T09:15:05] INFO - Running ${taskId}, try ${tryNumber}`,
    `[2026-10-22T09:20:05] ERROR - Task failed with exception (try ${tryNumber})`,
  ].join('\n');
}
