/** MLflow RunStatus enum names. */
export type RunStatus =
  | 'RUNNING'
  | 'SCHEDULED'
  | 'FINISHED'
  | 'FAILED'
  | 'KILLED';

/** Model registry stages (deprecated in 3.x but still served). */
export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';

/** A key/value pair (params and tags). */
export interface KeyValue {
  key: string;
  value: string;
}

/** One logged metric value. */
export interface MetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

/** An experiment. */
export interface ExperimentRecord {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: 'active' | 'deleted';
  creationTime: number;
  lastUpdateTime: number;
  tags: KeyValue[];
}

/** Params, latest metrics and tags of a run. */
export interface RunData {
  params: KeyValue[];
  metrics: MetricPoint[];
  tags: KeyValue[];
}

/**
 * A run. `data` is filled eagerly for story runs; synthetic runs (scale option) carry a
 * generator instead and materialise on first read, which keeps a 50,000-run sandbox small.
 */
export interface RunRecord {
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: 'active' | 'deleted';
  data?: RunData;
  makeData?: () => RunData;
  /** Full history of a metric (defaults to the latest value only). */
  history?: (key: string) => MetricPoint[] | undefined;
}

/** A model version. */
export interface ModelVersionRecord {
  name: string;
  version: number;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  currentStage: ModelStage;
  description?: string;
  source: string;
  runId?: string;
  runLink?: string;
  status: 'READY' | 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION';
  statusMessage?: string;
  tags: Map<string, string>;
}

/** A registered model and its versions (ascending by version). */
export interface RegisteredModelRecord {
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description?: string;
  tags: Map<string, string>;
  /** alias → version number. */
  aliases: Map<string, number>;
  versions: ModelVersionRecord[];
}

/** Materialises (and caches) a run's data. */
export function runData(run: RunRecord): RunData {
  if (!run.data) {
    run.data = run.makeData
      ? run.makeData()
      : { params: [], metrics: [], tags: [] };
  }
  return run.data;
}
