import type { Request } from 'express';
import { firstQuery } from '../http/query';
import {
  LabelSelectorError,
  Requirement,
  matchesSelector,
  parseLabelSelector,
} from './labelSelector';
import type { KubernetesState } from './state';
import { k8sStatus } from './status';
import { InferenceService } from './types';
import { API_VERSION } from './validation';

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

/** The request's `labelSelector`, parsed (400 Status when malformed). */
export function labelSelector(req: Request): Requirement[] {
  try {
    return parseLabelSelector(firstQuery(req, 'labelSelector') ?? '');
  } catch (error) {
    if (error instanceof LabelSelectorError)
      throw k8sStatus('BadRequest', error.message);
    throw error;
  }
}

/** Field getters a resource supports in `fieldSelector` (a missing field reads as ""). */
export type FieldGetters<T> = Record<string, (object: T) => string | undefined>;

/** The request's `fieldSelector` over the given fields, with =, == and != (400 otherwise). */
export function fieldSelector<T>(
  req: Request,
  fields: FieldGetters<T>,
): (object: T) => boolean {
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
      const get = Object.prototype.hasOwnProperty.call(fields, field)
        ? fields[field]
        : undefined;
      if (!get) {
        throw k8sStatus('BadRequest', `field label not supported: ${field}`);
      }
      return (o: T) => ((get(o) ?? '') === value) === (op !== '!=');
    });
  return object => tests.every(t => t(object));
}

/** The fields a custom resource can be selected by (the API server offers only these two). */
export const ISVC_FIELDS: FieldGetters<InferenceService> = {
  'metadata.name': o => o.metadata.name,
  'metadata.namespace': o => o.metadata.namespace,
};

/** Label and field selectors of a list or watch request, as one predicate. */
export function isvcFilter(req: Request): (isvc: InferenceService) => boolean {
  const reqs = labelSelector(req);
  const fields = fieldSelector(req, ISVC_FIELDS);
  return isvc => matchesSelector(reqs, isvc.metadata.labels) && fields(isvc);
}

/**
 * `limit` + `continue` over entries in key order. `remainingItemCount` is only given when no
 * selector filtered the scan, as Kubernetes only counts the rest then.
 */
export function paginate<T>(
  req: Request,
  entries: Array<{ key: string; object: T }>,
  matches: (object: T) => boolean,
  resourceVersion: string,
): { items: T[]; metadata: Record<string, unknown> } {
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
  const matching = entries
    .filter(({ key }) => key >= start)
    .filter(({ object }) => matches(object));
  const page = limit > 0 ? matching.slice(0, limit) : matching;
  const metadata: Record<string, unknown> = { resourceVersion };
  if (limit > 0 && matching.length > limit) {
    metadata.continue = encodeContinue(
      resourceVersion,
      page[page.length - 1].key,
    );
    const filtered =
      (firstQuery(req, 'labelSelector') ?? '').trim() !== '' ||
      !!firstQuery(req, 'fieldSelector');
    if (!filtered) {
      metadata.remainingItemCount = matching.length - limit;
    }
  }
  return { items: page.map(p => p.object), metadata };
}

/** `GET .../inferenceservices` (InferenceServiceList) of one namespace or all. */
export function listInferenceServices(
  req: Request,
  state: KubernetesState,
  namespace: string | undefined,
) {
  const filter = isvcFilter(req);
  const { items, metadata } = paginate(
    req,
    state.list(namespace),
    filter,
    state.resourceVersion,
  );
  return {
    json: {
      apiVersion: API_VERSION,
      items,
      kind: 'InferenceServiceList',
      metadata,
    },
  };
}
