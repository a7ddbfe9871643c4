import type { Request } from 'express';
import { firstQuery } from '../http/query';
import type { KubernetesState } from './state';
import { invalidOptions, k8sStatus } from './status';
import { InferenceService, JsonObject, JsonValue } from './types';

/** Path prefix of the KServe API group. */
export const GROUP = '/apis/serving.kserve.io/v1beta1';
/** apiVersion of every InferenceService. */
export const API_VERSION = 'serving.kserve.io/v1beta1';

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for a JSON object (not null, not an array). */
export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep copy of a JSON value (stored objects are never shared with callers). */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** `dryRun=All` of a write; any other value is refused as the API server does. */
export function dryRun(
  req: Request,
  options: 'CreateOptions' | 'PatchOptions' | 'DeleteOptions',
): boolean {
  const value = firstQuery(req, 'dryRun');
  if (value !== undefined && value !== 'All') {
    const message = `Unsupported value: []string{${JSON.stringify(
      value,
    )}}: supported values: "All"`;
    throw invalidOptions(options, 'dryRun', 'FieldValueNotSupported', message);
  }
  return value === 'All';
}

/** A boolean query parameter the way the API server converts it: anything but "0"/"false" is true. */
export function queryFlag(req: Request, name: string): boolean {
  const value = firstQuery(req, name);
  if (value === undefined) return false;
  return value !== '0' && value.toLowerCase() !== 'false';
}

/** 422 unless the name is a DNS-1123 subdomain (what the API server requires of every name). */
export function validateName(name: string): void {
  if (name.length <= 253 && DNS1123_SUBDOMAIN.test(name)) return;
  const message = `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  throw k8sStatus(
    'Invalid',
    `InferenceService.serving.kserve.io "${name}" is invalid: metadata.name: ${message}`,
    {
      name,
      group: 'serving.kserve.io',
      kind: 'InferenceService',
      causes: [
        { reason: 'FieldValueInvalid', message, field: 'metadata.name' },
      ],
    },
  );
}

/** 404 unless the namespace exists (creating into a missing namespace). */
export function requireNamespace(state: KubernetesState, ns: string): void {
  if (!state.hasNamespace(ns)) {
    throw k8sStatus('NotFound', `namespaces "${ns}" not found`, {
      name: ns,
      kind: 'namespaces',
    });
  }
}

/** Structural checks the API server does before storing (a small part of CRD validation). */
export function validateObject(
  obj: JsonValue,
  name: string,
): asserts obj is JsonObject & InferenceService {
  if (!isObject(obj)) {
    throw k8sStatus('BadRequest', 'the object provided is not a JSON object');
  }
  if (obj.apiVersion !== API_VERSION || obj.kind !== 'InferenceService') {
    throw k8sStatus(
      'BadRequest',
      `the API version in the data (${String(
        obj.apiVersion,
      )}) does not match the expected API version (${API_VERSION})`,
    );
  }
  const causes: Array<{ reason: string; message: string; field: string }> = [];
  if (!isObject(obj.spec) || !isObject(obj.spec.predictor)) {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value',
      field: 'spec.predictor',
    });
  }
  const predictor =
    isObject(obj.spec) && isObject(obj.spec.predictor)
      ? obj.spec.predictor
      : undefined;
  const canary = predictor?.canaryTrafficPercent;
  if (
    canary !== undefined &&
    canary !== null &&
    (typeof canary !== 'number' ||
      !Number.isInteger(canary) ||
      canary < 0 ||
      canary > 100)
  ) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(
        canary,
      )}: spec.predictor.canaryTrafficPercent in body must be of type integer between 0 and 100`,
      field: 'spec.predictor.canaryTrafficPercent',
    });
  }
  if (causes.length > 0) {
    throw k8sStatus(
      'Invalid',
      `InferenceService.serving.kserve.io "${name}" is invalid: ${causes
        .map(c => `${c.field}: ${c.message}`)
        .join(', ')}`,
      { name, group: 'serving.kserve.io', kind: 'InferenceService', causes },
    );
  }
}

/** `spec.predictor.canaryTrafficPercent` of an object (undefined when unset). */
export function canaryOf(isvc: InferenceService): number | undefined {
  const predictor = isvc.spec?.predictor;
  const value = isObject(predictor)
    ? predictor.canaryTrafficPercent
    : undefined;
  return typeof value === 'number' ? value : undefined;
}
