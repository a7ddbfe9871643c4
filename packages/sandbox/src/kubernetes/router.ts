import type { Request } from 'express';
import { firstQuery } from '../http/query';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';
import { JsonPatchError, applyJsonPatch } from './jsonPatch';
import {
  LabelSelectorError,
  Requirement,
  matchesSelector,
  parseLabelSelector,
} from './labelSelector';
import { applyMergePatch } from './mergePatch';
import { KubernetesState } from './state';
import { isvcNotFound, k8sStatus } from './status';
import { InferenceService, JsonObject, JsonValue } from './types';
import {
  KUBERNETES_VERSION,
  apiGroups,
  apiVersions,
  kserveResources,
  namespaceJson,
} from './discovery';

const GROUP = '/apis/serving.kserve.io/v1beta1';
const API_VERSION = 'serving.kserve.io/v1beta1';
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: string, lastKey: string): string {
  const token: ContinueToken = {
    v: 'meta.k8s.io/v1',
    rv: Number(rv),
    start: `${lastKey}\u0000`,
  };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    ) as ContinueToken;
    if (
      token.v !== 'meta.k8s.io/v1' ||
      typeof token.start !== 'string' ||
      !Number.isInteger(token.rv)
    ) {
      throw new Error('bad token');
    }
    return token;
  } catch {
    throw k8sStatus(
      'BadRequest',
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

function selector(req: Request): Requirement[] {
  try {
    return parseLabelSelector(firstQuery(req, 'labelSelector') ?? '');
  } catch (error) {
    if (error instanceof LabelSelectorError)
      throw k8sStatus('BadRequest', error.message);
    throw error;
  }
}

/** fieldSelector: metadata.name and metadata.namespace with =, ==, !=. */
function fieldSelector(req: Request): (isvc: InferenceService) => boolean {
  const raw = firstQuery(req, 'fieldSelector') ?? '';
  const tests = raw
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(term => {
      const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
      if (!m)
        throw k8sStatus(
          'BadRequest',
          `invalid selector: '${raw}'; can't understand '${term}'`,
        );
      const [, field, op, value] = m;
      if (field !== 'metadata.name' && field !== 'metadata.namespace') {
        throw k8sStatus('BadRequest', `field label not supported: ${field}`);
      }
      const get = (o: InferenceService) =>
        field === 'metadata.name' ? o.metadata.name : o.metadata.namespace;
      return (o: InferenceService) =>
        op === '!=' ? get(o) !== value : get(o) === value;
    });
  return isvc => tests.every(t => t(isvc));
}

function dryRun(req: Request): boolean {
  const value = firstQuery(req, 'dryRun');
  if (value !== undefined && value !== 'All') {
    throw k8sStatus(
      'BadRequest',
      `Invalid dryRun value: "${value}": supported values: "All"`,
    );
  }
  return value === 'All';
}

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural checks the API server does before storing (a small part of CRD validation). */
function validateObject(
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

/**
 * The Kubernetes API subset a KServe integration needs: discovery, namespaces, and
 * InferenceServices (list/get/create/patch, status subresource), bearer-token auth.
 */
export function createKubernetesRouter(opts: {
  mount: string;
  publicUrl: () => string;
  state: () => KubernetesState;
  token: string;
  table: SandboxRoute[];
  stats: StatsRecorder;
}) {
  const { state, token } = opts;
  const adapter: SystemAdapter = {
    system: 'kubernetes',
    mount: opts.mount,
    contract: 'kserve',
    authenticate: req => {
      const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
      if (!match || match[1].trim() !== token) {
        throw k8sStatus('Unauthorized', 'Unauthorized');
      }
    },
    malformedBody: message =>
      k8sStatus('BadRequest', `error decoding request body: ${message}`),
    routeNotFound: () =>
      k8sStatus('NotFound', 'the server could not find the requested resource'),
    internalError: message => k8sStatus('InternalError', message),
  };
  const r = new SystemRouter(adapter, opts.table, opts.stats);
  const discovery = { contract: null } as const;

  r.get('/version', () => ({ json: KUBERNETES_VERSION }), {
    auth: false,
    contract: null,
  });
  r.get(
    '/api',
    () => ({ json: apiVersions(new URL(opts.publicUrl()).host) }),
    discovery,
  );
  r.get('/apis', () => ({ json: apiGroups() }), discovery);
  r.get(GROUP, () => ({ json: kserveResources() }), discovery);
  r.get(
    '/api/v1/namespaces',
    req => {
      const s = state();
      const reqs = selector(req);
      const items = s.namespaces
        .filter(ns => matchesSelector(reqs, ns.labels))
        .map(ns => {
          const {
            kind: _kind,
            apiVersion: _apiVersion,
            ...rest
          } = namespaceJson(ns, s.resourceVersion);
          return rest;
        });
      return {
        json: {
          kind: 'NamespaceList',
          apiVersion: 'v1',
          metadata: { resourceVersion: s.resourceVersion },
          items,
        },
      };
    },
    discovery,
  );
  r.get(
    '/api/v1/namespaces/{name}',
    req => {
      const s = state();
      const ns = s.namespaces.find(n => n.name === req.params.name);
      if (!ns)
        throw k8sStatus(
          'NotFound',
          `namespaces "${req.params.name}" not found`,
          { name: req.params.name, kind: 'namespaces' },
        );
      return { json: namespaceJson(ns, s.resourceVersion) };
    },
    discovery,
  );

  const list = (req: Request, namespace: string | undefined) => {
    if (['true', '1'].includes(firstQuery(req, 'watch') ?? '')) {
      throw k8sStatus(
        'MethodNotAllowed',
        'watch is not supported by the sandbox API server',
      );
    }
    const s = state();
    const reqs = selector(req);
    const fields = fieldSelector(req);
    const limitText = firstQuery(req, 'limit');
    if (limitText !== undefined && !/^-?\d+$/.test(limitText)) {
      throw k8sStatus(
        'BadRequest',
        `limit: Invalid value: "${limitText}": must be an integer`,
      );
    }
    const limit = limitText === undefined ? 0 : Math.max(0, Number(limitText));
    const cont = firstQuery(req, 'continue');
    const start = cont ? decodeContinue(cont).start : '';
    const matching = s
      .list(namespace)
      .filter(({ key }) => key >= start)
      .filter(
        ({ object }) =>
          matchesSelector(reqs, object.metadata.labels) && fields(object),
      );
    const page = limit > 0 ? matching.slice(0, limit) : matching;
    const metadata: Record<string, unknown> = {
      resourceVersion: s.resourceVersion,
    };
    if (limit > 0 && matching.length > limit) {
      metadata.continue = encodeContinue(
        s.resourceVersion,
        page[page.length - 1].key,
      );
      // Kubernetes only counts the rest when no selector forces a filtered scan.
      if (reqs.length === 0 && !firstQuery(req, 'fieldSelector')) {
        metadata.remainingItemCount = matching.length - limit;
      }
    }
    return {
      json: {
        apiVersion: API_VERSION,
        items: page.map(p => p.object),
        kind: 'InferenceServiceList',
        metadata,
      },
    };
  };

  r.get(`${GROUP}/inferenceservices`, req => list(req, undefined));
  r.get(`${GROUP}/namespaces/{namespace}/inferenceservices`, req =>
    list(req, req.params.namespace),
  );

  r.post(`${GROUP}/namespaces/{namespace}/inferenceservices`, req => {
    const s = state();
    const ns = req.params.namespace;
    const body = req.body as JsonValue | undefined;
    if (!isObject(body)) {
      throw k8sStatus(
        'BadRequest',
        'the object provided is unrecognized (must be of type InferenceService)',
      );
    }
    const metadata = (
      isObject(body.metadata) ? body.metadata : {}
    ) as JsonObject;
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
      name = s.generateName(metadata.generateName);
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
    if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
      throw k8sStatus(
        'Invalid',
        `InferenceService.serving.kserve.io "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      );
    }
    validateObject(body, name);
    if (!s.hasNamespace(ns)) {
      throw k8sStatus('NotFound', `namespaces "${ns}" not found`, {
        name: ns,
        kind: 'namespaces',
      });
    }
    if (s.get(ns, name)) {
      throw k8sStatus(
        'AlreadyExists',
        `inferenceservices.serving.kserve.io "${name}" already exists`,
        {
          name,
          group: 'serving.kserve.io',
          kind: 'inferenceservices',
        },
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
    return { status: 201, json: s.create(object, dryRun(req)) };
  });

  const requireIsvc = (req: Request): InferenceService => {
    const found = state().get(req.params.namespace, req.params.name);
    if (!found) throw isvcNotFound(req.params.name);
    return found;
  };

  r.get(`${GROUP}/namespaces/{namespace}/inferenceservices/{name}`, req => ({
    json: requireIsvc(req),
  }));
  r.get(
    `${GROUP}/namespaces/{namespace}/inferenceservices/{name}/status`,
    req => ({ json: requireIsvc(req) }),
  );

  const patch = (req: Request, subresource: 'main' | 'status') => {
    const contentType = (req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const isMerge = contentType === 'application/merge-patch+json';
    const isJsonPatch = contentType === 'application/json-patch+json';
    if (!isMerge && !isJsonPatch) {
      throw k8sStatus(
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json`,
      );
    }
    const current = requireIsvc(req);
    if (req.body === undefined) {
      throw k8sStatus('BadRequest', 'the body of the request was empty');
    }
    let patched: JsonValue;
    try {
      patched = isMerge
        ? applyMergePatch(
            current as unknown as JsonValue,
            req.body as JsonValue,
          )
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
      throw k8sStatus(
        'Conflict',
        `Operation cannot be fulfilled on inferenceservices.serving.kserve.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, group: 'serving.kserve.io', kind: 'inferenceservices' },
      );
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
    return { json: state().update(current, result, specChanged, dryRun(req)) };
  };

  r.patch(`${GROUP}/namespaces/{namespace}/inferenceservices/{name}`, req =>
    patch(req, 'main'),
  );
  r.patch(
    `${GROUP}/namespaces/{namespace}/inferenceservices/{name}/status`,
    req => patch(req, 'status'),
  );

  return r.finish();
}
