import { stableHex } from '../ids';
import {
  KeyValue,
  MetricPoint,
  RunData,
  RunRecord,
  RunStatus,
} from '../mlflow/types';
import { Rng, rngFor, round } from '../random';

/** The model family decides which params and metrics a run logs. */
export type ModelKind = 'xgboost' | 'sklearn' | 'lightgbm' | 'als';

/** Everything that is fixed about a run (names, times, links); values come from the seed. */
export interface RunSpec {
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  /** Planned duration (ms) for finished runs; ignored for RUNNING. */
  durationMs: number;
  kind: ModelKind;
  /** 0..1: how good this run is (later, tuned runs are better). */
  quality: number;
  sourceName: string;
  sourceType: 'JOB' | 'NOTEBOOK' | 'LOCAL' | 'PROJECT';
  /** Extra tags (kfp.run_id, airflow.dag_run_id, ...). */
  tags: KeyValue[];
}

/** Deterministic MLflow run id (32 hex chars) from an experiment and a label. */
export function mlflowRunId(experimentName: string, label: string): string {
  return stableHex(`mlflow-run:${experimentName}:${label}`, 32);
}

/** Where an experiment's artifacts live. */
export function experimentArtifactLocation(experimentId: string): string {
  return `s3://mlflow-artifacts/${experimentId}`;
}

/** Artifact root of a run. */
export function runArtifactUri(experimentId: string, runId: string): string {
  return `${experimentArtifactLocation(experimentId)}/${runId}/artifacts`;
}

// Params are part of the story, not of the seed: a fixed stream per run keeps them stable.
const PARAM_SEED = 0x5eed;

function params(kind: ModelKind, runId: string): KeyValue[] {
  const r = rngFor(PARAM_SEED, `params:${runId}`);
  const kv = (key: string, value: string | number): KeyValue => ({
    key,
    value: String(value),
  });
  switch (kind) {
    case 'xgboost':
      return [
        kv('learning_rate', r.pick([0.01, 0.03, 0.05, 0.1, 0.2])),
        kv('max_depth', r.int(3, 10)),
        kv('n_estimators', r.pick([100, 200, 400, 600, 800, 1000])),
        kv('subsample', r.pick([0.6, 0.7, 0.8, 0.9, 1.0])),
        kv('objective', 'binary:logistic'),
      ];
    case 'sklearn':
      return [
        kv('learning_rate', r.pick([0.05, 0.1, 0.2])),
        kv('max_depth', r.int(2, 6)),
        kv('n_estimators', r.pick([100, 150, 200, 300])),
        kv('min_samples_leaf', r.pick([1, 5, 10, 20])),
      ];
    case 'lightgbm':
      return [
        kv('num_leaves', r.pick([31, 63, 127])),
        kv('learning_rate', r.pick([0.02, 0.05, 0.1])),
        kv('n_estimators', r.pick([300, 500, 800])),
        kv('feature_fraction', r.pick([0.7, 0.8, 0.9])),
      ];
    case 'als':
    default:
      return [
        kv('factors', r.pick([32, 64, 128])),
        kv('regularization', r.pick([0.01, 0.05, 0.1])),
        kv('iterations', r.pick([15, 20, 30])),
        kv('alpha', r.pick([10, 20, 40])),
      ];
  }
}

const clamp = (v: number, lo: number, hi: number) =>
  Math.min(hi, Math.max(lo, v));

function finalMetrics(
  kind: ModelKind,
  q: number,
  r: Rng,
): Array<[string, number]> {
  const n = (scale: number) => r.normal() * scale;
  switch (kind) {
    case 'xgboost':
    case 'sklearn': {
      const base = kind === 'xgboost' ? 0.88 : 0.78;
      const auc = clamp(base + 0.085 * q + n(0.004), 0.5, 0.999);
      const precision = clamp(0.7 + 0.2 * q + n(0.01), 0.1, 0.999);
      const recall = clamp(0.6 + 0.2 * q + n(0.012), 0.1, 0.999);
      const f1 = (2 * precision * recall) / (precision + recall);
      const logLoss = clamp(0.26 - 0.14 * q + n(0.006), 0.02, 1);
      return [
        ['auc', auc],
        ['precision', precision],
        ['recall', recall],
        ['f1', f1],
        ['log_loss', logLoss],
      ];
    }
    case 'lightgbm': {
      const rmse = clamp(14 - 4 * q + n(0.3), 1, 50);
      return [
        ['rmse', rmse],
        ['mae', rmse * clamp(0.75 + n(0.02), 0.5, 0.95)],
        ['mape', clamp(0.12 - 0.04 * q + n(0.003), 0.01, 1)],
        ['r2', clamp(0.8 + 0.12 * q + n(0.01), 0, 0.999)],
      ];
    }
    case 'als':
    default:
      return [
        ['precision_at_10', clamp(0.08 + 0.05 * q + n(0.004), 0, 1)],
        ['recall_at_10', clamp(0.15 + 0.08 * q + n(0.006), 0, 1)],
        ['ndcg_at_10', clamp(0.2 + 0.08 * q + n(0.006), 0, 1)],
        ['map_at_10', clamp(0.06 + 0.03 * q + n(0.003), 0, 1)],
      ];
  }
}

const HISTORY_STEPS = 50;

/** Per-step metric names: a loss that falls and a validation metric that rises (or falls). */
function historyKeys(kind: ModelKind): {
  loss: string;
  val: string;
  valUp: boolean;
} {
  switch (kind) {
    case 'lightgbm':
      return { loss: 'train_loss', val: 'val_rmse', valUp: false };
    case 'als':
      return { loss: 'train_loss', val: 'val_ndcg_at_10', valUp: true };
    default:
      return { loss: 'train_loss', val: 'val_auc', valUp: true };
  }
}

function stepsFor(status: RunStatus): number {
  switch (status) {
    case 'RUNNING':
      return 30;
    case 'FAILED':
      return 18;
    case 'KILLED':
      return 12;
    default:
      return HISTORY_STEPS;
  }
}

/** Builds a run with its data and per-step histories from a spec and the seed. */
export function buildRun(seed: number, spec: RunSpec): RunRecord {
  const r = rngFor(seed, `mlflow-metrics:${spec.runId}`);
  const finished = spec.status === 'FINISHED';
  const running = spec.status === 'RUNNING';
  const endTime = running ? null : spec.startTime + spec.durationMs;
  const finals = finalMetrics(spec.kind, spec.quality, r);
  const target = finals[0][1];
  const keys = historyKeys(spec.kind);
  const steps = stepsFor(spec.status);
  const span = (endTime ?? spec.startTime + spec.durationMs) - spec.startTime;
  const stepTime = (i: number) =>
    spec.startTime + Math.round(((i + 1) / (HISTORY_STEPS + 1)) * span);
  const lossStart = 0.65 + r.float(0, 0.1);
  const lossEnd = 0.04 + (1 - spec.quality) * 0.08;
  const valStart = keys.valUp ? target * 0.6 : target * 2.2;
  const lossHistory: MetricPoint[] = [];
  const valHistory: MetricPoint[] = [];
  for (let i = 0; i < steps; i++) {
    const decay = Math.exp(-i / 9);
    lossHistory.push({
      key: keys.loss,
      value: round(
        Math.max(
          0.001,
          lossEnd + (lossStart - lossEnd) * decay + r.normal() * 0.006,
        ),
        6,
      ),
      timestamp: stepTime(i),
      step: i,
    });
    const val =
      target +
      (valStart - target) * Math.exp(-i / 7) +
      r.normal() * (keys.valUp ? 0.003 : 0.08);
    valHistory.push({
      key: keys.val,
      value: round(val, 6),
      timestamp: stepTime(i),
      step: i,
    });
  }
  const histories = new Map<string, MetricPoint[]>([
    [keys.loss, lossHistory],
    [keys.val, valHistory],
  ]);
  if (finished) {
    for (const [key, value] of finals) {
      histories.set(key, [
        {
          key,
          value: round(value, 6),
          timestamp: (endTime ?? 0) - 2000,
          step: 0,
        },
      ]);
    }
  }
  const metrics: MetricPoint[] = [];
  for (const points of histories.values()) {
    metrics.push(points[points.length - 1]);
  }
  metrics.sort((a, b) => a.key.localeCompare(b.key));
  const data: RunData = {
    params: params(spec.kind, spec.runId),
    metrics,
    tags: [
      { key: 'mlflow.runName', value: spec.runName },
      { key: 'mlflow.user', value: spec.userId },
      { key: 'mlflow.source.name', value: spec.sourceName },
      { key: 'mlflow.source.type', value: spec.sourceType },
      ...spec.tags,
    ],
  };
  return {
    runId: spec.runId,
    experimentId: spec.experimentId,
    runName: spec.runName,
    userId: spec.userId,
    status: spec.status,
    startTime: spec.startTime,
    endTime,
    artifactUri: runArtifactUri(spec.experimentId, spec.runId),
    lifecycleStage: 'active',
    data,
    history: key => histories.get(key),
  };
}
