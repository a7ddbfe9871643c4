import {
  ExperimentRecord,
  KeyValue,
  MetricPoint,
  ModelVersionRecord,
  RegisteredModelRecord,
  RunRecord,
  runData,
} from './types';

/** Which MLflow major the mount emulates: the 3.x contract adds fields (Run.outputs). */
export type MlflowFlavor = '2' | '3';

/** JSON object as MLflow's message_to_json produces (unset fields omitted). */
export type MlflowJson = Record<string, unknown>;

// message_to_json omits unset fields and empty repeated fields; mimic that so clients
// written against the sandbox cope with `{}` from a real server.
function put(target: MlflowJson, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value) && value.length === 0) return;
  target[key] = value;
}

const kv = (items: KeyValue[]) =>
  items.map(t => ({ key: t.key, value: t.value }));
const mapKv = (map: Map<string, string>) =>
  [...map].map(([key, value]) => ({ key, value }));

/** Experiment message. */
export function experimentJson(e: ExperimentRecord): MlflowJson {
  const out: MlflowJson = {
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime,
    creation_time: e.creationTime,
  };
  put(out, 'tags', kv(e.tags));
  return out;
}

/** Metric message. */
export function metricJson(m: MetricPoint): MlflowJson {
  return { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step };
}

/** Run message (info, data, inputs; outputs on 3.x). */
export function runJson(run: RunRecord, flavor: MlflowFlavor): MlflowJson {
  const info: MlflowJson = {
    run_uuid: run.runId,
    experiment_id: run.experimentId,
    run_name: run.runName,
    user_id: run.userId,
    status: run.status,
    start_time: run.startTime,
  };
  put(info, 'end_time', run.endTime ?? undefined);
  info.artifact_uri = run.artifactUri;
  info.lifecycle_stage = run.lifecycleStage;
  info.run_id = run.runId;
  const d = runData(run);
  const data: MlflowJson = {};
  put(data, 'metrics', d.metrics.map(metricJson));
  put(data, 'params', kv(d.params));
  put(data, 'tags', kv(d.tags));
  const out: MlflowJson = { info, data, inputs: {} };
  if (flavor === '3') {
    out.outputs = {};
  }
  return out;
}

/** ModelVersion message; `aliases` lists the aliases pointing at it. */
export function modelVersionJson(
  v: ModelVersionRecord,
  model: RegisteredModelRecord | undefined,
): MlflowJson {
  const out: MlflowJson = {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.creationTimestamp,
    last_updated_timestamp: v.lastUpdatedTimestamp,
    current_stage: v.currentStage,
  };
  put(out, 'description', v.description);
  out.source = v.source;
  put(out, 'run_id', v.runId);
  out.status = v.status;
  put(out, 'status_message', v.statusMessage);
  put(out, 'tags', mapKv(v.tags));
  put(out, 'run_link', v.runLink);
  if (model) {
    const aliases = [...model.aliases]
      .filter(([, n]) => n === v.version)
      .map(([alias]) => alias);
    put(out, 'aliases', aliases);
  }
  return out;
}

/** RegisteredModel message with latest_versions (one per stage), tags and aliases. */
export function registeredModelJson(
  m: RegisteredModelRecord,
  latest: ModelVersionRecord[],
): MlflowJson {
  const out: MlflowJson = {
    name: m.name,
    creation_timestamp: m.creationTimestamp,
    last_updated_timestamp: m.lastUpdatedTimestamp,
  };
  put(out, 'description', m.description);
  put(
    out,
    'latest_versions',
    latest.map(v => modelVersionJson(v, undefined)),
  );
  put(out, 'tags', mapKv(m.tags));
  put(
    out,
    'aliases',
    [...m.aliases].map(([alias, version]) => ({
      alias,
      version: String(version),
    })),
  );
  return out;
}
