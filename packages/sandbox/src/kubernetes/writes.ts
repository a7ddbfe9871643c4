import type { Request } from 'express';
import { Reply } from '../http/errors';
import { hasQuery } from '../http/query';
import { isoZ } from '../time';
import { APPLY_PATCH, serverSideApply } from './apply';
import { finalizeDeletion, reconcileCanary } from './controller';
import { JsonPatchError, applyJsonPatch } from './jsonPatch';
import { applyMergePatch } from './mergePatch';
import type { KubernetesState } from './state';
import {
  invalidOptions,
  isvcModified,
  isvcNotFound,
  k8sStatus,
} from './status';
import { InferenceService, JsonObject, JsonValue } from './types';
import {
  dryRun,
  isObject,
  requireNamespace,
  validateName,
  validateObject,
} from './validation';

/** The stored object named by the URL, or a 404 Status. */
export function requireIsvc(
  req: Request,
  state: KubernetesState,
): InferenceService {
  const found = state.get(req.params.namespace, req.params.name);
  if (!found) throw isvcNotFound(req.params.name);
  return found;
}

/** `POST …/namespaces/{ns}/inferenceservices`. */
export function createIsvc(req: Request, state: KubernetesState): Reply {
  const ns = req.params.namespace;
  const body = req.body as JsonValue | undefined;
  if (!isObject(body)) {
    throw k8sStatus(
      'BadRequest',
      'the object provided is unrecognized (must be of type InferenceService)',
    );
  }
  const metadata = (isObject(body.metadata) ? body.metadata : {}) as JsonObject;
  if (metadata.namespace !== undefined && metadata.namespace !== ns) {
    throw k8sStatus(
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  let name = typeof metadata.name === 'string' ? metadata.name : '';
  if (
    !name &&
    typeof metadata.generateName === 'string' &&
    metadata.generateName
  ) {
    name = state.generateName(metadata.generateName);
  }
  if (!name) {
    throw k8sStatus(
      'Invalid',
      'InferenceService.serving.kserve.io "" is invalid: metadata.name: Required value: name or generateName is required',
      {
        group: 'serving.kserve.io',
        kind: 'InferenceService',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: name or generateName is required',
            field: 'metadata.name',
          },
        ],
      },
    );
  }
  validateName(name);
  validateObject(body, name);
  requireNamespace(state, ns);
  if (state.get(ns, name)) {
    throw k8sStatus(
      'AlreadyExists',
      `inferenceservices.serving.kserve.io "${name}" already exists`,
      { name, group: 'serving.kserve.io', kind: 'inferenceservices' },
    );
  }
  const {
    generateName: _g,
    resourceVersion: _rv,
    uid: _uid,
    ...meta
  } = metadata;
  const object = {
    ...body,
    metadata: { ...meta, name, namespace: ns },
  } as unknown as InferenceService;
  return {
    status: 201,
    json: state.create(object, dryRun(req, 'CreateOptions')),
  };
}

function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** `PATCH …/{name}` and `…/{name}/status`: merge patch, JSON patch, or (main resource) apply. */
export function patchIsvc(
  req: Request,
  state: KubernetesState,
  subresource: 'main' | 'status',
): Reply {
  const contentType = mediaType(req);
  if (subresource === 'main' && contentType === APPLY_PATCH) {
    return serverSideApply(req, state);
  }
  const isMerge = contentType === 'application/merge-patch+json';
  const isJsonPatch = contentType === 'application/json-patch+json';
  if (!isMerge && !isJsonPatch) {
    const accepted =
      subresource === 'main'
        ? `application/json-patch+json, application/merge-patch+json, ${APPLY_PATCH}`
        : 'application/json-patch+json, application/merge-patch+json';
    throw k8sStatus(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted}`,
    );
  }
  if (hasQuery(req, 'force')) {
    throw invalidOptions(
      'PatchOptions',
      'force',
      'FieldValueForbidden',
      'Forbidden: may not be specified for non-apply patch',
    );
  }
  const current = requireIsvc(req, state);
  if (req.body === undefined) {
    throw k8sStatus('BadRequest', 'the body of the request was empty');
  }
  let patched: JsonValue;
  try {
    patched = isMerge
      ? applyMergePatch(current as unknown as JsonValue, req.body as JsonValue)
      : applyJsonPatch(current as unknown as JsonValue, req.body);
  } catch (error) {
    if (error instanceof JsonPatchError)
      throw k8sStatus('Invalid', error.message);
    throw error;
  }
  const name = current.metadata.name;
  validateObject(patched, name);
  const next = patched as unknown as InferenceService;
  const meta = (isObject(next.metadata) ? next.metadata : {}) as Partial<
    InferenceService['metadata']
  >;
  if (
    meta.resourceVersion !== undefined &&
    meta.resourceVersion !== current.metadata.resourceVersion
  ) {
    throw isvcModified(name);
  }
  if (
    (meta.name !== undefined && meta.name !== name) ||
    (meta.namespace !== undefined &&
      meta.namespace !== current.metadata.namespace)
  ) {
    throw k8sStatus(
      'BadRequest',
      `the name of the object (${String(
        meta.name,
      )}) does not match the name on the URL (${name})`,
    );
  }
  // Server-managed metadata is kept; the status subresource only takes status, the main
  // resource ignores status (both as the API server does with `subresources.status`).
  const result: InferenceService =
    subresource === 'status'
      ? { ...current, status: next.status }
      : {
          ...next,
          metadata: {
            ...meta,
            name,
            namespace: current.metadata.namespace,
            uid: current.metadata.uid,
            creationTimestamp: current.metadata.creationTimestamp,
            generation: current.metadata.generation,
            resourceVersion: current.metadata.resourceVersion,
          },
          status: current.status,
        };
  if (result.status === undefined) delete result.status;
  const specChanged =
    subresource === 'main' &&
    JSON.stringify(current.spec) !== JSON.stringify(result.spec);
  const dry = dryRun(req, 'PatchOptions');
  const updated = state.update(current, result, specChanged, dry);
  if (!dry && subresource === 'main') reconcileCanary(state, current, updated);
  return { json: updated };
}

/** `metav1.Status` Success, what a DELETE of an object without finalizers answers for a custom resource. */
function deleteSuccess(isvc: InferenceService) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: isvc.metadata.name,
      group: 'serving.kserve.io',
      kind: 'inferenceservices',
      uid: isvc.metadata.uid,
    },
  };
}

function checkPreconditions(req: Request, isvc: InferenceService): void {
  const body: unknown = req.body;
  const pre =
    isObject(body) && isObject(body.preconditions) ? body.preconditions : {};
  const name = isvc.metadata.name;
  const conflict = (message: string) =>
    k8sStatus(
      'Conflict',
      `Operation cannot be fulfilled on InferenceService.serving.kserve.io "${name}": ${message}`,
      { name, group: 'serving.kserve.io', kind: 'InferenceService' },
    );
  if (typeof pre.uid === 'string' && pre.uid !== isvc.metadata.uid) {
    throw conflict(
      `the UID in the precondition (${pre.uid}) does not match the UID in record (${isvc.metadata.uid}). The object might have been deleted and then recreated`,
    );
  }
  if (
    typeof pre.resourceVersion === 'string' &&
    pre.resourceVersion !== isvc.metadata.resourceVersion
  ) {
    throw conflict(
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${isvc.metadata.resourceVersion}). The object might have been modified`,
    );
  }
}

/**
 * `DELETE …/{name}`: an object with finalizers is marked (deletionTimestamp, generation + 1)
 * and returned, then KServe's finalizer goes and it is gone; one without finalizers is deleted
 * at once and the answer is a Success Status — both as the API server answers for a custom resource.
 */
export function deleteIsvc(req: Request, state: KubernetesState): Reply {
  const dry = dryRun(req, 'DeleteOptions');
  const current = requireIsvc(req, state);
  checkPreconditions(req, current);
  if (current.metadata.deletionTimestamp) {
    return { json: current };
  }
  if (!current.metadata.finalizers?.length) {
    state.remove(current, dry);
    return { json: deleteSuccess(current) };
  }
  const marked = state.update(
    current,
    {
      ...current,
      metadata: {
        ...current.metadata,
        deletionTimestamp: isoZ(dry ? state.clock.now() : state.clock.tick()),
        deletionGracePeriodSeconds: 0,
      },
    },
    true,
    dry,
  );
  if (!dry) finalizeDeletion(state, marked);
  return { json: marked };
}
