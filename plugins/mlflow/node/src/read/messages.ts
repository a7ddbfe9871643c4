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
import {
  asObject,
  doubleField,
  enumField,
  integerField,
  JsonObject,
  listField,
  MalformedAnswer,
  messageField,
  requiredString,
  stringField,
  stringListField,
  Where,
} from './fields';

/*
 * MLflow messages as the client hands them out. Every proto field is optional on the wire
 * (proto3 JSON omits defaults), so each reader states which fields the portal cannot do without
 * (an answer without them is malformed: an error naming the field, never a TypeError later) and
 * checks the type of every other field it reads. Messages are checked in place and handed out
 * as parsed; fields the portal does not read are left as they came.
 */

const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
const VERSION_STATUSES = [
  'PENDING_REGISTRATION',
  'FAILED_REGISTRATION',
  'READY',
];

/** `Experiment`: the portal needs its id and name. */
export function readExperiment(value: unknown, where: Where): MlflowExperiment {
  const o = asObject(value, where);
  requiredString(o, 'experiment_id', where);
  requiredString(o, 'name', where);
  stringField(o, 'artifact_location', where);
  stringField(o, 'lifecycle_stage', where);
  integerField(o, 'last_update_time', where);
  integerField(o, 'creation_time', where);
  listField(o, 'tags', where, readTag);
  return o as unknown as MlflowExperiment;
}

/** `Run`: the portal needs `info.run_id` (or the deprecated `run_uuid`) and `info.experiment_id`. */
export function readRun(value: unknown, where: Where): MlflowRun {
  const o = asObject(value, where);
  messageField(o, 'info', where, readRunInfo, true);
  messageField(o, 'data', where, readRunData);
  return o as unknown as MlflowRun;
}

function readRunInfo(value: unknown, where: Where): MlflowRunInfo {
  const o = asObject(value, where);
  const runUuid = stringField(o, 'run_uuid', where);
  if (!stringField(o, 'run_id', where)) {
    if (!runUuid) {
      throw new MalformedAnswer(`${where}.run_id is missing`);
    }
    o.run_id = runUuid;
  }
  requiredString(o, 'experiment_id', where);
  stringField(o, 'run_name', where);
  stringField(o, 'user_id', where);
  enumField(o, 'status', RUN_STATUSES, where);
  integerField(o, 'start_time', where);
  integerField(o, 'end_time', where);
  stringField(o, 'artifact_uri', where);
  stringField(o, 'lifecycle_stage', where);
  return o as unknown as MlflowRunInfo;
}

function readRunData(value: unknown, where: Where): JsonObject {
  const o = asObject(value, where);
  listField(o, 'metrics', where, readMetric);
  listField(o, 'params', where, readParam);
  listField(o, 'tags', where, readTag);
  return o;
}

/** `Metric`: a key and a value; MLflow writes non-finite doubles as strings. */
export function readMetric(value: unknown, where: Where): MlflowMetric {
  const o = asObject(value, where);
  requiredString(o, 'key', where);
  doubleField(o, 'value', where);
  integerField(o, 'timestamp', where);
  integerField(o, 'step', where);
  // proto3's defaults, so every metric has a value and a time
  o.value ??= 0;
  o.timestamp ??= 0;
  return o as unknown as MlflowMetric;
}

function readParam(value: unknown, where: Where): MlflowParam {
  return readKeyValue(value, where) as unknown as MlflowParam;
}

/** A tag: the key is needed, an absent value is the empty string (proto3's default). */
export function readTag(value: unknown, where: Where): MlflowTag {
  return readKeyValue(value, where) as unknown as MlflowTag;
}

function readKeyValue(value: unknown, where: Where): JsonObject {
  const o = asObject(value, where);
  requiredString(o, 'key', where);
  o.value = stringField(o, 'value', where) ?? '';
  return o;
}

/** `RegisteredModel`: the portal needs its name. */
export function readRegisteredModel(
  value: unknown,
  where: Where,
): MlflowRegisteredModel {
  const o = asObject(value, where);
  requiredString(o, 'name', where);
  integerField(o, 'creation_timestamp', where);
  integerField(o, 'last_updated_timestamp', where);
  stringField(o, 'user_id', where);
  stringField(o, 'description', where);
  // `latest_versions` is left as it came: nothing reads it (versions come from their own search),
  // and checking it would cost every registry read a second pass over its versions.
  listField(o, 'tags', where, readTag);
  listField(o, 'aliases', where, readModelAlias);
  return o as unknown as MlflowRegisteredModel;
}

function readModelAlias(
  value: unknown,
  where: Where,
): MlflowRegisteredModelAlias {
  const o = asObject(value, where);
  requiredString(o, 'alias', where);
  requiredString(o, 'version', where);
  return o as unknown as MlflowRegisteredModelAlias;
}

/** `ModelVersion`: the portal needs the model's name and the version number. */
export function readModelVersion(
  value: unknown,
  where: Where,
): MlflowModelVersion {
  const o = asObject(value, where);
  requiredString(o, 'name', where);
  requiredString(o, 'version', where);
  integerField(o, 'creation_timestamp', where);
  integerField(o, 'last_updated_timestamp', where);
  stringField(o, 'user_id', where);
  stringField(o, 'current_stage', where);
  stringField(o, 'description', where);
  stringField(o, 'source', where);
  stringField(o, 'run_id', where);
  enumField(o, 'status', VERSION_STATUSES, where);
  stringField(o, 'status_message', where);
  listField(o, 'tags', where, readTag);
  stringField(o, 'run_link', where);
  stringListField(o, 'aliases', where);
  return o as unknown as MlflowModelVersion;
}
