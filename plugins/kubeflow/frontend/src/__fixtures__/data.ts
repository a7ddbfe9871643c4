import { Entity } from '@backstage/catalog-model';
import {
  KubeflowEntityTarget,
  KubeflowExperimentView,
  KubeflowPipelineView,
  KubeflowRecurringRunView,
  KubeflowRunView,
  KubeflowTaskNode,
} from '@mlops-portal/plugin-kubeflow-common';

export const uiUrl = 'http://kubeflow.example.com/pipeline';

export const pipelineId = '5b6c3f4e-8a7d-4c2b-9e1f-0a1b2c3d4e5f';
export const versionTwoId = '7f1e2d3c-4b5a-4968-8776-655443322110';
export const versionOneId = '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5';
export const experimentId = 'e1e2e3e4-aaaa-4bbb-8ccc-ddddeeeeffff';

/** A model project naming its pipeline. */
export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detection-model',
    namespace: 'default',
    annotations: { 'kubeflow.org/pipeline': 'fraud-detection-training' },
  },
  spec: { type: 'service', owner: 'group:default/fraud-detection' },
};

/** The pipeline's ingested Resource. */
export const pipelineEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fraud-detection-training',
    namespace: 'default',
    annotations: {
      'kubeflow.org/pipeline': 'fraud-detection-training',
      'kubeflow.org/pipeline-id': pipelineId,
    },
  },
  spec: { type: 'kubeflow-pipeline', owner: 'group:default/fraud-detection' },
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

export const authorityRef = 'resource:default/fraud-detection-training';

export const target: KubeflowEntityTarget = {
  instance: 'sandbox',
  uiUrl,
  pipeline: { id: pipelineId, name: 'fraud-detection-training' },
};

export const pipeline: KubeflowPipelineView = {
  pipelineId,
  name: 'fraud-detection-training',
  description: 'Trains and evaluates the fraud detector.',
  createdAt: '2026-09-01T08:00:00Z',
  versions: [
    {
      pipelineVersionId: versionTwoId,
      name: 'v2',
      description: 'Adds the feature list and GPU training.',
      createdAt: '2026-10-01T08:00:00Z',
      url: `${uiUrl}/#/pipelines/details/${pipelineId}/version/${versionTwoId}`,
      parameters: [
        { name: 'epochs', type: 'NUMBER_INTEGER', optional: false },
        {
          name: 'learning_rate',
          type: 'NUMBER_DOUBLE',
          optional: true,
          defaultValue: 0.01,
          description: 'Step size of the optimiser',
        },
        {
          name: 'dataset',
          type: 'STRING',
          optional: true,
          defaultValue: 's3://fraud/transactions.parquet',
        },
        {
          name: 'use_gpu',
          type: 'BOOLEAN',
          optional: true,
          defaultValue: false,
        },
        {
          name: 'features',
          type: 'LIST',
          optional: true,
          defaultValue: ['amount', 'mcc'],
        },
        { name: 'hyperparameters', type: 'STRUCT', optional: true },
      ],
    },
    {
      pipelineVersionId: versionOneId,
      name: 'v1',
      createdAt: '2026-09-01T08:00:00Z',
      url: `${uiUrl}/#/pipelines/details/${pipelineId}/version/${versionOneId}`,
      parameters: [{ name: 'epochs', type: 'NUMBER_INTEGER', optional: false }],
    },
  ],
  url: `${uiUrl}/#/pipelines/details/${pipelineId}`,
  authority: { entityRef: authorityRef },
};

function runId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function run(
  n: number,
  overrides: Partial<KubeflowRunView> = {},
): KubeflowRunView {
  const id = runId(n);
  return {
    runId: id,
    name: `fraud-detection-training ${n}`,
    state: 'SUCCEEDED',
    createdAt: `2026-10-${n}T02:00:00Z`,
    scheduledAt: `2026-10-${n}T02:00:05Z`,
    finishedAt: `2026-10-${n}T02:12:10Z`,
    durationMs: 725_000,
    pipelineId,
    pipelineVersionId: versionTwoId,
    experimentId,
    url: `${uiUrl}/#/runs/details/${id}`,
    ...overrides,
  };
}

/** The first page of runs, newest first. */
export const runs: KubeflowRunView[] = [
  run(22, {
    state: 'FAILED',
    durationMs: 360_000,
    error: 'train: OOMKilled',
    parameters: { epochs: 10, learning_rate: 0.01 },
  }),
  run(21, { state: 'RUNNING', finishedAt: undefined, durationMs: undefined }),
  run(20, { pipelineVersionId: versionOneId }),
  run(19, { state: 'CANCELED' }),
];

/** The second page. */
export const olderRuns: KubeflowRunView[] = [run(18), run(17)];

export const tasks: KubeflowTaskNode[] = [
  {
    id: 'load-data',
    name: 'load-data',
    state: 'SUCCEEDED',
    startedAt: '2026-10-22T02:00:05Z',
    finishedAt: '2026-10-22T02:01:05Z',
    durationMs: 60_000,
    dependsOn: [],
  },
  {
    id: 'train',
    name: 'Train model',
    state: 'FAILED',
    startedAt: '2026-10-22T02:01:05Z',
    finishedAt: '2026-10-22T02:06:05Z',
    durationMs: 300_000,
    error: 'OOMKilled',
    dependsOn: ['load-data'],
  },
  {
    id: 'evaluate',
    name: 'evaluate',
    dependsOn: ['train', 'load-data'],
  },
];

export const recurringRuns: KubeflowRecurringRunView[] = [
  {
    recurringRunId: 'a0a0a0a0-1111-4222-8333-444455556666',
    name: 'nightly training',
    enabled: true,
    schedule: { cron: '0 0 2 * * *', startTime: '2026-10-01T00:00:00Z' },
    maxConcurrency: 1,
    pipelineVersionId: versionTwoId,
    experimentId,
    createdAt: '2026-10-01T00:00:00Z',
    url: `${uiUrl}/#/recurringrun/details/a0a0a0a0-1111-4222-8333-444455556666`,
  },
  {
    recurringRunId: 'b0b0b0b0-1111-4222-8333-444455556666',
    name: 'feature refresh',
    enabled: false,
    schedule: { intervalSeconds: 21_600 },
    url: `${uiUrl}/#/recurringrun/details/b0b0b0b0-1111-4222-8333-444455556666`,
  },
];

export const experiments: KubeflowExperimentView[] = [
  {
    experimentId,
    name: 'fraud-detection',
    description: 'Every training run of the fraud detector',
    createdAt: '2026-09-01T08:00:00Z',
    lastRunCreatedAt: '2026-10-22T02:00:00Z',
    archived: false,
    url: `${uiUrl}/#/experiments/details/${experimentId}`,
  },
];
