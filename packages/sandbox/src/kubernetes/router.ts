import type { Request } from 'express';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';
import { yamlApplyBodies } from './apply';
import {
  KUBERNETES_VERSION,
  apiGroups,
  apiVersions,
  kserveResources,
  namespaceJson,
} from './discovery';
import { listEvents } from './events';
import { matchesSelector } from './labelSelector';
import { labelSelector, listInferenceServices } from './list';
import type { KubernetesState } from './state';
import { k8sStatus } from './status';
import { GROUP } from './validation';
import { WatchHub, isWatchRequest, serveWatch } from './watch';
import { createIsvc, deleteIsvc, patchIsvc, requireIsvc } from './writes';

/**
 * The Kubernetes API subset a KServe integration needs: discovery, namespaces, events, and
 * InferenceServices (list/watch/get/create/patch/apply/delete, status subresource), bearer-token auth.
 */
export function createKubernetesRouter(opts: {
  mount: string;
  publicUrl: () => string;
  state: () => KubernetesState;
  token: string;
  table: SandboxRoute[];
  stats: StatsRecorder;
  /** Open watch streams (ended by the sandbox's reset and its server's shutdown). */
  watches?: WatchHub;
}) {
  const { state, token } = opts;
  const watches = opts.watches ?? new WatchHub();
  const authenticated = (req: Request) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return !!match && match[1].trim() === token;
  };
  const adapter: SystemAdapter = {
    system: 'kubernetes',
    mount: opts.mount,
    contract: 'kserve',
    authenticate: req => {
      if (!authenticated(req)) {
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
  r.router.use(yamlApplyBodies(authenticated));
  const core = { contract: null } as const;

  r.get('/version', () => ({ json: KUBERNETES_VERSION }), {
    auth: false,
    contract: null,
  });
  r.get(
    '/api',
    () => ({ json: apiVersions(new URL(opts.publicUrl()).host) }),
    core,
  );
  r.get('/apis', () => ({ json: apiGroups() }), core);
  r.get(GROUP, () => ({ json: kserveResources() }), core);
  r.get(
    '/api/v1/namespaces',
    req => {
      const s = state();
      const reqs = labelSelector(req);
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
    core,
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
    core,
  );
  r.get(
    '/api/v1/events',
    req => listEvents(req, state().events, state().resourceVersion, undefined),
    core,
  );
  r.get(
    '/api/v1/namespaces/{namespace}/events',
    req =>
      listEvents(
        req,
        state().events,
        state().resourceVersion,
        req.params.namespace,
      ),
    core,
  );

  // A list with ?watch=true is a watch (the same route, as in the API server).
  const listOrWatch = (req: Request, namespace: string | undefined) =>
    isWatchRequest(req)
      ? serveWatch(req, state(), namespace, watches)
      : listInferenceServices(req, state(), namespace);
  r.get(`${GROUP}/inferenceservices`, req => listOrWatch(req, undefined));
  r.get(`${GROUP}/namespaces/{namespace}/inferenceservices`, req =>
    listOrWatch(req, req.params.namespace),
  );
  r.post(`${GROUP}/namespaces/{namespace}/inferenceservices`, req =>
    createIsvc(req, state()),
  );

  const one = `${GROUP}/namespaces/{namespace}/inferenceservices/{name}`;
  r.get(one, req => ({ json: requireIsvc(req, state()) }));
  r.get(`${one}/status`, req => ({ json: requireIsvc(req, state()) }));
  r.patch(one, req => patchIsvc(req, state(), 'main'));
  r.patch(`${one}/status`, req => patchIsvc(req, state(), 'status'));
  r.delete(one, req => deleteIsvc(req, state()));

  return r.finish();
}
