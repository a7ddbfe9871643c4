import type { Request } from 'express';
import { firstQuery } from '../http/query';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';
import { kfpError } from './errors';
import { FieldGetters, listPage, listResponse, seconds } from './listing';
import { KubeflowState } from './state';
import {
  KfpExperiment,
  KfpPipeline,
  KfpPipelineVersion,
  KfpRecurringRun,
  KfpRun,
} from './types';

const P = '/apis/v2beta1';

const pipelineFields: FieldGetters<KfpPipeline> = {
  id: p => p.pipeline_id,
  pipeline_id: p => p.pipeline_id,
  name: p => p.name,
  display_name: p => p.display_name,
  description: p => p.description,
  namespace: p => p.namespace,
  created_at: p => seconds(p.created_at),
};
const versionFields: FieldGetters<KfpPipelineVersion> = {
  id: v => v.pipeline_version_id,
  pipeline_version_id: v => v.pipeline_version_id,
  name: v => v.name,
  display_name: v => v.display_name,
  description: v => v.description,
  created_at: v => seconds(v.created_at),
};
const experimentFields: FieldGetters<KfpExperiment> = {
  id: e => e.experiment_id,
  experiment_id: e => e.experiment_id,
  name: e => e.display_name,
  display_name: e => e.display_name,
  description: e => e.description,
  namespace: e => e.namespace,
  storage_state: e => e.storage_state,
  created_at: e => seconds(e.created_at),
  last_run_created_at: e => seconds(e.last_run_created_at),
};
const runFields: FieldGetters<KfpRun> = {
  id: r => r.run_id,
  run_id: r => r.run_id,
  name: r => r.display_name,
  display_name: r => r.display_name,
  description: r => r.description,
  experiment_id: r => r.experiment_id,
  state: r => r.state,
  storage_state: r => r.storage_state,
  created_at: r => seconds(r.created_at),
  scheduled_at: r => seconds(r.scheduled_at),
  finished_at: r => seconds(r.finished_at),
  pipeline_version_id: r => r.pipeline_version_reference?.pipeline_version_id,
  recurring_run_id: r => r.recurring_run_id,
};
const recurringFields: FieldGetters<KfpRecurringRun> = {
  id: r => r.recurring_run_id,
  recurring_run_id: r => r.recurring_run_id,
  name: r => r.display_name,
  display_name: r => r.display_name,
  status: r => r.status,
  experiment_id: r => r.experiment_id,
  namespace: r => r.namespace,
  created_at: r => seconds(r.created_at),
  updated_at: r => seconds(r.updated_at),
};

function listQuery(req: Request) {
  return {
    filter: firstQuery(req, 'filter'),
    sortBy: firstQuery(req, 'sort_by'),
    pageSize: firstQuery(req, 'page_size'),
    pageToken: firstQuery(req, 'page_token'),
  };
}

function inNamespace<T extends { namespace?: string }>(
  items: T[],
  req: Request,
): T[] {
  const ns = firstQuery(req, 'namespace');
  return ns ? items.filter(item => (item.namespace ?? '') === ns) : items;
}

/** Kubeflow Pipelines API v2beta1 (bearer-token auth, like KFP behind an auth proxy). */
export function createKubeflowRouter(opts: {
  mount: string;
  state: () => KubeflowState;
  token: string;
  table: SandboxRoute[];
  stats: StatsRecorder;
}) {
  const { state, token } = opts;
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
    () => ({ json: { multi_user: false, pipeline_store: 'database' } }),
    { auth: false },
  );

  r.get(`${P}/pipelines`, req => {
    const result = listPage(
      inNamespace(state().pipelines, req),
      pipelineFields,
      listQuery(req),
      'created_at',
    );
    return { json: listResponse('pipelines', result) };
  });

  r.get(`${P}/pipelines/names/{name}`, req => {
    const pipeline = state().pipelineByName(
      req.params.name,
      firstQuery(req, 'namespace'),
    );
    if (!pipeline) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to get a pipeline with name ${req.params.name} and namespace ${
          firstQuery(req, 'namespace') ?? ''
        }: ResourceNotFoundError: Namespace/Pipeline ${
          req.params.name
        } not found`,
      );
    }
    return { json: pipeline };
  });

  const requirePipeline = (id: string): KfpPipeline => {
    const pipeline = state().pipelineById.get(id);
    if (!pipeline) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to get pipeline ${id}: ResourceNotFoundError: Pipeline ${id} not found`,
      );
    }
    return pipeline;
  };

  r.get(`${P}/pipelines/{pipeline_id}`, req => ({
    json: requirePipeline(req.params.pipeline_id),
  }));

  r.get(`${P}/pipelines/{pipeline_id}/versions`, req => {
    const pipeline = requirePipeline(req.params.pipeline_id);
    const versions = state().versionsByPipeline.get(pipeline.pipeline_id) ?? [];
    return {
      json: listResponse(
        'pipeline_versions',
        listPage(versions, versionFields, listQuery(req), 'created_at'),
      ),
    };
  });

  r.get(`${P}/pipelines/{pipeline_id}/versions/{pipeline_version_id}`, req => {
    const pipeline = requirePipeline(req.params.pipeline_id);
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
      inNamespace(state().experiments, req),
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
    return { json: experiment };
  });

  r.get(`${P}/runs`, req => {
    const experimentId = firstQuery(req, 'experiment_id');
    let runs = state().runs;
    if (experimentId) {
      if (!state().experimentById.has(experimentId)) {
        throw kfpError(
          'NOT_FOUND',
          `Failed to list runs: ResourceNotFoundError: Experiment ${experimentId} not found`,
        );
      }
      runs = runs.filter(run => run.experiment_id === experimentId);
    }
    const ns = firstQuery(req, 'namespace');
    if (ns) {
      runs = runs.filter(
        run => state().experimentById.get(run.experiment_id)?.namespace === ns,
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
    return { json: run };
  });

  r.post(`${P}/runs`, req => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: Run is empty. Please specify a valid run',
      );
    }
    const s = state();
    const displayName = body.display_name;
    if (typeof displayName !== 'string' || displayName.trim() === '') {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: Run name is empty. Please specify a valid name',
      );
    }
    const experimentId = (body.experiment_id ??
      firstQuery(req, 'experiment_id')) as unknown;
    if (
      experimentId !== undefined &&
      (typeof experimentId !== 'string' ||
        (experimentId !== '' && !s.experimentById.has(experimentId)))
    ) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to create a run: ResourceNotFoundError: Experiment ${String(
          experimentId,
        )} not found`,
      );
    }
    const ref = body.pipeline_version_reference as
      | { pipeline_id?: unknown; pipeline_version_id?: unknown }
      | undefined;
    if (
      !ref ||
      typeof ref.pipeline_id !== 'string' ||
      typeof ref.pipeline_version_id !== 'string'
    ) {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: Failed to create a run due to missing pipeline version reference: pipeline_version_reference.pipeline_id and pipeline_version_id are required',
      );
    }
    const pipelineId = ref.pipeline_id;
    const versionId = ref.pipeline_version_id;
    if (
      !s.versionsByPipeline
        .get(pipelineId)
        ?.some(v => v.pipeline_version_id === versionId)
    ) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to create a run: ResourceNotFoundError: PipelineVersion ${versionId} of pipeline ${pipelineId} not found`,
      );
    }
    const runtime = body.runtime_config as { parameters?: unknown } | undefined;
    if (
      runtime?.parameters !== undefined &&
      (typeof runtime.parameters !== 'object' ||
        runtime.parameters === null ||
        Array.isArray(runtime.parameters))
    ) {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: runtime_config.parameters must be an object',
      );
    }
    const run = s.createRun({
      displayName,
      description:
        typeof body.description === 'string' ? body.description : undefined,
      experimentId:
        typeof experimentId === 'string' && experimentId !== ''
          ? experimentId
          : undefined,
      pipelineId,
      pipelineVersionId: versionId,
      parameters: runtime?.parameters as Record<string, unknown> | undefined,
      serviceAccount:
        typeof body.service_account === 'string'
          ? body.service_account
          : undefined,
    });
    return { json: run };
  });

  r.get(`${P}/recurringruns`, req => {
    const experimentId = firstQuery(req, 'experiment_id');
    let items = inNamespace(state().recurringRuns, req);
    if (experimentId)
      items = items.filter(rr => rr.experiment_id === experimentId);
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
    return { json: rr };
  });

  return r.finish();
}
