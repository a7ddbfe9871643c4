import {
  MlflowExperiment,
  MlflowMetric,
  MlflowModelVersion,
  MlflowParam,
  MlflowRegisteredModel,
  MlflowRegisteredModelAlias,
  MlflowRun,
  MlflowRunInfo,
  MlflowTag,
} from '../types';
import { Fields, MalformedAnswer } from './fields';

/*
 * MLflow messages as the client hands them out. Every proto field is optional on the wire
 * (proto3 JSON omits defaults), so each reader states which fields the portal cannot do without
 * (an answer without them is malformed: an error naming the field, never a TypeError later) and
 * checks the type of every other field it keeps. Fields the portal does not read are dropped.
 */

/** `Experiment`: the portal needs its id and name. */
export function readExperiment(value: unknown, path: string): MlflowExperiment {
  const f = new Fields(value, path);
  return compact({
    experiment_id: f.requiredString('experiment_id'),
    name: f.requiredString('name'),
    artifact_location: f.string('artifact_location'),
    lifecycle_stage: f.string('lifecycle_stage'),
    last_update_time: f.integer('last_update_time'),
    creation_time: f.integer('creation_time'),
    tags: f.list('tags', readTag),
  });
}

/** `Run`: the portal needs `info.run_id` (or the deprecated `run_uuid`) and `info.experiment_id`. */
export function readRun(value: unknown, path: string): MlflowRun {
  const f = new Fields(value, path);
  const data = f.object('data', (d: Fields) =>
    compact({
      metrics: d.list('metrics', readMetric),
      params: d.list('params', readParam),
      tags: d.list('tags', readTag),
    }),
  );
  return compact({ info: f.requiredObject('info', readRunInfo), data });
}

function readRunInfo(f: Fields): MlflowRunInfo {
  const runUuid = f.string('run_uuid');
  const runId = f.string('run_id') || runUuid;
  if (!runId) {
    throw new MalformedAnswer(`${f.path}.run_id is missing`);
  }
  return compact({
    run_id: runId,
    run_uuid: runUuid,
    run_name: f.string('run_name'),
    experiment_id: f.requiredString('experiment_id'),
    user_id: f.string('user_id'),
    status: f.enumValue('status', [
      'RUNNING',
      'SCHEDULED',
      'FINISHED',
      'FAILED',
      'KILLED',
    ] as const),
    start_time: f.integer('start_time'),
    end_time: f.integer('end_time'),
    artifact_uri: f.string('artifact_uri'),
    lifecycle_stage: f.string('lifecycle_stage'),
  });
}

/** `Metric`: a key and a value; MLflow writes non-finite doubles as strings. */
export function readMetric(value: unknown, path: string): MlflowMetric {
  const f = new Fields(value, path);
  return compact({
    key: f.requiredString('key'),
    value: f.double('value') ?? 0,
    timestamp: f.integer('timestamp') ?? 0,
    step: f.integer('step'),
  });
}

function readParam(value: unknown, path: string): MlflowParam {
  const f = new Fields(value, path);
  return { key: f.requiredString('key'), value: f.string('value') ?? '' };
}

/** A tag: the key is needed, an absent value is the empty string (proto3's default). */
export function readTag(value: unknown, path: string): MlflowTag {
  const f = new Fields(value, path);
  return { key: f.requiredString('key'), value: f.string('value') ?? '' };
}

/** `RegisteredModel`: the portal needs its name. */
export function readRegisteredModel(
  value: unknown,
  path: string,
): MlflowRegisteredModel {
  const f = new Fields(value, path);
  return compact({
    name: f.requiredString('name'),
    creation_timestamp: f.integer('creation_timestamp'),
    last_updated_timestamp: f.integer('last_updated_timestamp'),
    user_id: f.string('user_id'),
    description: f.string('description'),
    latest_versions: f.list('latest_versions', readModelVersion),
    tags: f.list('tags', readTag),
    aliases: f.list('aliases', readModelAlias),
  });
}

function readModelAlias(
  value: unknown,
  path: string,
): MlflowRegisteredModelAlias {
  const f = new Fields(value, path);
  return {
    alias: f.requiredString('alias'),
    version: f.requiredString('version'),
  };
}

/** `ModelVersion`: the portal needs the model's name and the version number. */
export function readModelVersion(
  value: unknown,
  path: string,
): MlflowModelVersion {
  const f = new Fields(value, path);
  return compact({
    name: f.requiredString('name'),
    version: f.requiredString('version'),
    creation_timestamp: f.integer('creation_timestamp'),
    last_updated_timestamp: f.integer('last_updated_timestamp'),
    user_id: f.string('user_id'),
    current_stage: f.string('current_stage'),
    description: f.string('description'),
    source: f.string('source'),
    run_id: f.string('run_id'),
    status: f.enumValue('status', [
      'PENDING_REGISTRATION',
      'FAILED_REGISTRATION',
      'READY',
    ] as const),
    status_message: f.string('status_message'),
    tags: f.list('tags', readTag),
    run_link: f.string('run_link'),
    aliases: f.stringList('aliases'),
  });
}

/** Leaves out absent fields, so a message read back looks like one MLflow sent. */
function compact<T extends object>(fields: T): T {
  for (const key of Object.keys(fields) as Array<keyof T>) {
    if (fields[key] === undefined) {
      delete fields[key];
    }
  }
  return fields;
}
