import type { Request } from 'express';
import { firstQuery } from '../http/query';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';
import { KubeflowAccess, KubeflowAccessOptions } from './access';
import { kfpError } from './errors';
import {
  experimentFields,
  P,
  pipelineFields,
  recurringFields,
  runFields,
  versionFields,
} from './getters';
import { listPage, listResponse } from './listing';
import { KubeflowState } from './state';
import { KfpPipeline } from './types';
import { registerKubeflowWrites } from './writes';

/** The request's list options, as `listPage` takes them. */
function listQuery(req: Request) {
  return {
    filter: firstQuery(req, 'filter'),
    sortBy: firstQuery(req, 'sort_by'),
    pageSize: firstQuery(req, 'page_size'),
    pageToken: firstQuery(req, 'page_token'),
  };
}

/**
 * Single-user: the items of the `namespace` asked for, or all. Multi-user: only that
 * namespace's, which the user must be allowed in — no namespace means the shared items
 * (pipelines) or is refused (`required`, for experiments and runs).
 */
function inNamespace<T extends { namespace?: string }>(
  items: T[],
  req: Request,
  access: KubeflowAccess,
  resource: string,
  required = false,
): T[] {
  const ns = firstQuery(req, 'namespace');
  const user = access.caller(req);
  if (user === undefined) {
    return ns ? items.filter(item => (item.namespace ?? '') === ns) : items;
  }
  if (!ns && required) {
    throw kfpError(
      'INVALID_ARGUMENT',
      `Invalid input error: In multi-user mode, listing ${resource} requires a namespace`,
    );
  }
  access.require(user, ns, 'list', resource);
  return items.filter(item => (item.namespace ?? '') === (ns ?? ''));
}

/**
 * The namespace a run or recurring-run list is of: that of `experiment_id` when given (which
 * must agree with `namespace`), else `namespace` — on multi-user Kubeflow one of them is
 * needed and the user must be allowed in it.
 */
function runListNamespace(
  req: Request,
  state: KubeflowState,
  access: KubeflowAccess,
  resource: string,
): string | undefined {
  const experimentId = firstQuery(req, 'experiment_id');
  const ns = firstQuery(req, 'namespace');
  const user = access.caller(req);
  if (experimentId) {
    const experiment = state.experimentById.get(experimentId);
    if (!experiment) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to list ${resource}: ResourceNotFoundError: Experiment ${experimentId} not found`,
      );
    }
    if (user !== undefined && ns && ns !== (experiment.namespace ?? '')) {
      throw kfpError(
        'INVALID_ARGUMENT',
        `Invalid input error: Mismatched experiment ID and namespace. Experiment ${experimentId} ` +
          `belongs to namespace ${experiment.namespace}, but ${ns} was provided`,
      );
    }
    access.require(user, experiment.namespace, 'list', resource);
    return user === undefined ? ns : experiment.namespace;
  }
  if (user !== undefined && !ns) {
    throw kfpError(
      'INVALID_ARGUMENT',
      `Invalid input error: In multi-user mode, listing ${resource} requires an experiment or a namespace`,
    );
  }
  access.require(user, ns, 'list', resource);
  return ns;
}

/**
 * Kubeflow Pipelines API v2beta1 (bearer-token auth, like KFP behind an auth proxy; requests
 * with the user-id header answered as multi-user KFP answers them).
 */
export function createKubeflowRouter(opts: {
  mount: string;
  state: () => KubeflowState;
  auth: { token: string } & KubeflowAccessOptions;
  table: SandboxRoute[];
  stats: StatsRecorder;
}) {
  const { state } = opts;
  const { token } = opts.auth;
  const access = new KubeflowAccess(opts.auth);
  const adapter: SystemAdapter = {
    system: 'kubeflow',
    mount: opts.mount,
    contract: 'kfp-v2beta1',
    authenticate: req => {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(.+)$/i.exec(header);
      if (!match) {
        throw kfpError(
          'UNAUTHENTICATED',
          'Request header error: there is no user identity header.',
        );
      }
      if (match[1].trim() !== token) {
        throw kfpError(
          'UNAUTHENTICATED',
          'Unauthenticated: invalid bearer token',
        );
      }
    },
    malformedBody: message =>
      kfpError(
        'INVALID_ARGUMENT',
        `invalid character in request body: ${message}`,
      ),
    routeNotFound: () => kfpError('NOT_FOUND', 'Not Found'),
    internalError: message => kfpError('INTERNAL', message),
  };
  const r = new SystemRouter(adapter, opts.table, opts.stats);

  r.get(
    `${P}/healthz`,
    () => ({
      json: { multi_user: access.multiUser, pipeline_store: 'database' },
    }),
    { auth: false },
  );

  r.get(`${P}/pipelines`, req => {
    const result = listPage(
      inNamespace(state().pipelines, req, access, 'pipelines'),
      pipelineFields,
      listQuery(req),
      'created_at',
    );
    return { json: listResponse('pipelines', result) };
  });

  r.get(`${P}/pipelines/names/{name}`, req => {
    const name = req.params.name;
    const ns = firstQuery(req, 'namespace');
    const user = access.caller(req);
    access.require(user, ns, 'get', 'pipelines');
    const pipeline =
      user === undefined
        ? state().pipelineByName(name, ns)
        : state().pipelineInNamespace(name, ns);
    if (!pipeline) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to get a pipeline with name ${name} and namespace ${
          ns ?? ''
        }: ResourceNotFoundError: Namespace/Pipeline ${name} not found`,
      );
    }
    return { json: pipeline };
  });

  const requirePipeline = (req: Request, id: string): KfpPipeline => {
    const pipeline = state().pipelineById.get(id);
    if (!pipeline) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to get pipeline ${id}: ResourceNotFoundError: Pipeline ${id} not found`,
      );
    }
    access.require(access.caller(req), pipeline.namespace, 'get', 'pipelines');
    return pipeline;
  };

  r.get(`${P}/pipelines/{pipeline_id}`, req => ({
    json: requirePipeline(req, req.params.pipeline_id),
  }));

  r.get(`${P}/pipelines/{pipeline_id}/versions`, req => {
    const pipeline = requirePipeline(req, req.params.pipeline_id);
    const versions = state().versionsByPipeline.get(pipeline.pipeline_id) ?? [];
    return {
      json: listResponse(
        'pipeline_versions',
        listPage(versions, versionFields, listQuery(req), 'created_at'),
      ),
    };
  });

  r.get(`${P}/pipelines/{pipeline_id}/versions/{pipeline_version_id}`, req => {
    const pipeline = requirePipeline(req, req.params.pipeline_id);
    const version = state()
      .versionsByPipeline.get(pipeline.pipeline_id)
      ?.find(v => v.pipeline_version_id === req.params.pipeline_version_id);
    if (!version) {
      const id = req.params.pipeline_version_id;
      throw kfpError(
        'NOT_FOUND',
        `Failed to get pipeline version ${id}: ResourceNotFoundError: PipelineVersion ${id} not found`,
      );
    }
    return { json: version };
  });

  r.get(`${P}/experiments`, req => {
    const result = listPage(
      inNamespace(state().experiments, req, access, 'experiments', true),
      experimentFields,
      listQuery(req),
      'created_at',
    );
    return { json: listResponse('experiments', result) };
  });

  r.get(`${P}/experiments/{experiment_id}`, req => {
    const experiment = state().experimentById.get(req.params.experiment_id);
    if (!experiment) {
      const id = req.params.experiment_id;
      throw kfpError(
        'NOT_FOUND',
        `Failed to get experiment ${id}: ResourceNotFoundError: Experiment ${id} not found`,
      );
    }
    access.require(
      access.caller(req),
      experiment.namespace,
      'get',
      'experiments',
    );
    return { json: experiment };
  });

  r.get(`${P}/runs`, req => {
    const s = state();
    const ns = runListNamespace(req, s, access, 'runs');
    const experimentId = firstQuery(req, 'experiment_id');
    let runs = s.runs;
    if (experimentId) {
      runs = runs.filter(run => run.experiment_id === experimentId);
    }
    if (ns) {
      runs = runs.filter(
        run => s.experimentById.get(run.experiment_id)?.namespace === ns,
      );
    }
    return {
      json: listResponse(
        'runs',
        listPage(runs, runFields, listQuery(req), 'created_at'),
      ),
    };
  });

  r.get(`${P}/runs/{run_id}`, req => {
    const run = state().runById.get(req.params.run_id);
    if (!run) {
      const id = req.params.run_id;
      throw kfpError(
        'NOT_FOUND',
        `Failed to get a run ${id}: ResourceNotFoundError: Run ${id} not found`,
      );
    }
    const namespace = state().experimentById.get(run.experiment_id)?.namespace;
    access.require(access.caller(req), namespace, 'get', 'runs');
    return { json: run };
  });

  r.get(`${P}/recurringruns`, req => {
    const ns = runListNamespace(req, state(), access, 'recurringruns');
    const experimentId = firstQuery(req, 'experiment_id');
    let items = state().recurringRuns;
    if (experimentId) {
      items = items.filter(rr => rr.experiment_id === experimentId);
    }
    if (ns) {
      items = items.filter(rr => (rr.namespace ?? '') === ns);
    }
    return {
      json: listResponse(
        'recurringRuns',
        listPage(items, recurringFields, listQuery(req), 'created_at'),
      ),
    };
  });

  r.get(`${P}/recurringruns/{recurring_run_id}`, req => {
    const rr = state().recurringRunById.get(req.params.recurring_run_id);
    if (!rr) {
      const id = req.params.recurring_run_id;
      throw kfpError(
        'NOT_FOUND',
        `Failed to get a recurring run ${id}: ResourceNotFoundError: RecurringRun ${id} not found`,
      );
    }
    access.require(access.caller(req), rr.namespace, 'get', 'recurringruns');
    return { json: rr };
  });

  registerKubeflowWrites(r, { state, access });
  return r.finish();
}
