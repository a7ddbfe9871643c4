import { Entity } from '@backstage/catalog-model';
import {
  MlflowEntityTarget,
  MlflowInstanceSummary,
  MlflowModelVersionView,
  MlflowModelView,
  MlflowRunDetail,
  MlflowRunSummary,
  MlflowStage,
} from '@mlops-portal/plugin-mlflow-common';

export const uiUrl = 'http://mlflow.example.com';

export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detection-model',
    namespace: 'default',
    annotations: {
      'mlflow.org/experiment': 'fraud-detection',
      'mlflow.org/registered-model': 'fraud-detector',
    },
  },
  spec: { type: 'service', owner: 'group:default/fraud-detection' },
};

export const experimentOnlyEntity: Entity = {
  ...annotatedEntity,
  metadata: {
    name: 'churn-training',
    namespace: 'default',
    annotations: { 'mlflow.org/experiment': 'churn' },
  },
};

export const modelOnlyEntity: Entity = {
  ...annotatedEntity,
  metadata: {
    name: 'fraud-detector',
    namespace: 'default',
    annotations: { 'mlflow.org/registered-model': 'fraud-detector' },
  },
};

export const plainEntity: Entity = {
  ...annotatedEntity,
  metadata: { name: 'website', namespace: 'default' },
};

export const target: MlflowEntityTarget = {
  instance: 'sandbox',
  majorVersion: 3,
  uiUrl,
  experiment: 'fraud-detection',
  registeredModel: 'fraud-detector',
};

function run(
  index: number,
  overrides: Partial<MlflowRunSummary> = {},
): MlflowRunSummary {
  const runId = `run${index}`;
  const startTime = Date.UTC(2025, 0, 10, 8, index);
  return {
    runId,
    runName: `xgb-trial-${index}`,
    experimentId: '1',
    status: 'FINISHED',
    startTime,
    endTime: startTime + 185_000,
    durationMs: 185_000,
    user: 'alice',
    metrics: {
      auc: 0.9 + index / 100,
      f1: 0.8 + index / 100,
      precision: 0.85,
      recall: 0.75,
      val_auc: 0.89 + index / 100,
      train_loss: 0.2 - index / 100,
    },
    params: { max_depth: String(4 + index), learning_rate: '0.1' },
    tags: {},
    url: `${uiUrl}/#/experiments/1/runs/${runId}`,
    ...overrides,
  };
}

export const runs: MlflowRunSummary[] = [
  run(1),
  run(2, { status: 'RUNNING', endTime: undefined, durationMs: undefined }),
  run(3, { status: 'FAILED', user: 'bob' }),
];

export const nextRuns: MlflowRunSummary[] = [run(4), run(5)];

export function detail(summary: MlflowRunSummary, steps = 5): MlflowRunDetail {
  const history = (start: number, slope: number) =>
    Array.from({ length: steps }, (_, step) => ({
      step,
      value: start + slope * step,
      timestamp: (summary.startTime ?? 0) + step * 1000,
    }));
  return {
    ...summary,
    metricHistories: {
      val_auc: history(0.5, 0.05),
      train_loss: history(1, -0.1),
      auc: [{ step: 0, value: summary.metrics.auc, timestamp: 0 }],
    },
  };
}

const aliasesOf: Record<string, string[]> = {
  '4': ['champion'],
  '5': ['challenger'],
};
const promotedAliasesOf: Record<string, string[]> = {
  '4': [],
  '5': ['challenger', 'champion'],
};
const stageOf: Record<string, MlflowStage> = {
  '4': 'Production',
  '5': 'Staging',
};

export const model: MlflowModelView = {
  name: 'fraud-detector',
  description: 'Scores card transactions for fraud.',
  tags: { owner: 'fraud-detection', task: 'classification' },
  aliases: { champion: '4', challenger: '5' },
  url: `${uiUrl}/#/models/fraud-detector`,
  stagesSupported: false,
  versions: ['5', '4', '3', '2', '1'].map(
    (version): MlflowModelVersionView => ({
      version,
      status: 'READY',
      aliases: aliasesOf[version] ?? [],
      tags: version === '5' ? { validated: 'true' } : {},
      runId: `run${version}`,
      runUrl: `${uiUrl}/#/experiments/1/runs/run${version}`,
      source: `models:/m-${version}`,
      createdAt: Date.UTC(2025, 0, Number(version), 12, 0),
    }),
  ),
};

/** The model after `champion` moved to version 5. */
export const promotedModel: MlflowModelView = {
  ...model,
  aliases: { champion: '5', challenger: '5' },
  versions: model.versions.map(v => ({
    ...v,
    aliases: promotedAliasesOf[v.version] ?? v.aliases,
  })),
};

export const model2x: MlflowModelView = {
  ...model,
  stagesSupported: true,
  versions: model.versions.map(v => ({
    ...v,
    stage: stageOf[v.version] ?? 'Archived',
  })),
};

/** Whose owners may change the model: its ingested `ml-model` Resource. */
export const authority = { entityRef: 'resource:default/fraud-detector' };

/** The configured instances, the default first. */
export const instances: MlflowInstanceSummary[] = [
  { name: 'prod', uiUrl, default: true },
  { name: 'research', uiUrl: 'http://research.example.com', default: false },
  { name: 'legacy', uiUrl: 'http://legacy.example.com', default: false },
];
