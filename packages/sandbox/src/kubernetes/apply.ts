import type { Request, RequestHandler } from 'express';
import { Reply } from '../http/errors';
import { firstQuery } from '../http/query';
import { sendReply } from '../http/routes';
import { parseYamlDocuments } from '../kubeflow/yaml';
import { isoZ } from '../time';
import { reconcileCanary } from './controller';
import type { KubernetesState } from './state';
import { invalidOptions, isvcModified, k8sStatus, statusBody } from './status';
import {
  FieldSet,
  applyToLive,
  collect,
  entryFor,
  ownedPart,
} from './fieldOwnership';
import { InferenceService, JsonObject } from './types';
import {
  API_VERSION,
  dryRun,
  isObject,
  queryFlag,
  requireNamespace,
  validateName,
  validateObject,
} from './validation';

/** Media type of a server-side apply patch. */
export const APPLY_PATCH = 'application/apply-patch+yaml';

// How Go's JSON decoder names a JSON type in its error message.
const GO_TYPES: Record<string, string> = {
  string: 'string',
  number: 'number',
  boolean: 'bool',
};

/** `PATCH …/inferenceservices/{name}` with `application/apply-patch+yaml`: create or merge. */
export function serverSideApply(req: Request, state: KubernetesState): Reply {
  const manager = firstQuery(req, 'fieldManager');
  if (!manager) {
    throw invalidOptions(
      'PatchOptions',
      'fieldManager',
      'FieldValueRequired',
      'Required value: is required for apply patch',
    );
  }
  const force = queryFlag(req, 'force');
  const dry = dryRun(req, 'PatchOptions');
  const { namespace, name } = req.params;
  const body: unknown = req.body ?? {};
  if (!isObject(body)) {
    const type = Array.isArray(body) ? 'array' : GO_TYPES[typeof body];
    throw k8sStatus(
      'BadRequest',
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`,
    );
  }
  if (body.apiVersion !== API_VERSION) {
    throw k8sStatus(
      'BadRequest',
      `Incorrect version specified in apply patch. Specified patch version: ${
        typeof body.apiVersion === 'string' ? body.apiVersion : ''
      }, expected: ${API_VERSION}`,
    );
  }
  if (typeof body.kind !== 'string' || !body.kind) {
    throw k8sStatus(
      'BadRequest',
      `Object 'Kind' is missing in '${JSON.stringify(body)}'`,
    );
  }
  if (body.kind !== 'InferenceService') {
    const message = `Invalid value: "${body.kind}": must be InferenceService`;
    throw k8sStatus(
      'Invalid',
      `${body.kind}.serving.kserve.io "${name}" is invalid: kind: ${message}`,
      {
        name,
        group: 'serving.kserve.io',
        kind: body.kind,
        causes: [{ reason: 'FieldValueInvalid', message, field: 'kind' }],
      },
    );
  }
  const meta = isObject(body.metadata) ? body.metadata : {};
  if (typeof meta.name !== 'string' || !meta.name) {
    throw k8sStatus(
      'BadRequest',
      `the name of the object (${name} based on URL) was undeterminable: name must be provided`,
    );
  }
  if (meta.name !== name) {
    throw k8sStatus(
      'BadRequest',
      `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
    );
  }
  if (meta.namespace !== undefined && meta.namespace !== namespace) {
    throw k8sStatus(
      'BadRequest',
      `the namespace of the object (${String(
        meta.namespace,
      )}) does not match the namespace on the request (${namespace})`,
    );
  }
  const current = state.get(namespace, name);
  if (!current) {
    validateName(name);
    const owned = ownedPart(body);
    const set: FieldSet = new Set();
    collect(owned, [], set);
    const object = {
      ...owned,
      apiVersion: API_VERSION,
      kind: 'InferenceService',
      metadata: {
        ...(isObject(owned.metadata) ? owned.metadata : {}),
        name,
        namespace,
        // create() stamps it with the creation time.
        managedFields: [entryFor(manager, set, '')],
      },
    } as unknown as InferenceService;
    validateObject(object as unknown as JsonObject, name);
    requireNamespace(state, namespace);
    return { status: 201, json: state.create(object, dry) };
  }
  if (
    meta.resourceVersion !== undefined &&
    meta.resourceVersion !== current.metadata.resourceVersion
  ) {
    throw isvcModified(name);
  }
  const next = applyToLive(current, body, manager, force);
  next.status = current.status;
  if (next.status === undefined) delete next.status;
  validateObject(next as unknown as JsonObject, name);
  if (JSON.stringify(next) === JSON.stringify(current)) {
    return { json: current };
  }
  // Only a real change moves this manager's timestamp (a repeated apply is a no-op).
  const time = isoZ(dry ? state.clock.now() : state.clock.tick());
  next.metadata.managedFields = next.metadata.managedFields!.map(e =>
    e.manager === manager && e.operation === 'Apply' ? { ...e, time } : e,
  );
  const specChanged =
    JSON.stringify(current.spec) !== JSON.stringify(next.spec);
  const updated = state.update(current, next, specChanged, dry);
  if (!dry) reconcileCanary(state, current, updated);
  return { json: updated };
}

/**
 * kubectl may send the apply patch as YAML; the route layer parses bodies as JSON, so YAML
 * bodies are converted to JSON text first (the sandbox's own YAML reader, no library).
 */
export function yamlApplyBodies(
  authenticated: (req: Request) => boolean,
): RequestHandler {
  return (req, res, next) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
    if (
      req.method !== 'PATCH' ||
      type.toLowerCase() !== APPLY_PATCH ||
      typeof req.body !== 'string' ||
      req.body.trim() === ''
    ) {
      next();
      return;
    }
    try {
      JSON.parse(req.body);
      next();
      return;
    } catch {
      // not JSON: read it as YAML below
    }
    try {
      const docs = parseYamlDocuments(req.body).filter(
        d => d !== null && d !== undefined,
      );
      if (docs.length > 1) {
        throw new Error(`expected one document, got ${docs.length}`);
      }
      req.body = JSON.stringify(docs[0] ?? {});
      next();
    } catch (error) {
      // Unauthenticated requests get their 401 from the route, not a parse error.
      if (!authenticated(req)) {
        next();
        return;
      }
      sendReply(res, {
        status: 400,
        json: statusBody(
          'BadRequest',
          `error decoding YAML: error converting YAML to JSON: ${
            error instanceof Error ? error.message : String(error)
          }`,
        ),
      });
    }
  };
}
