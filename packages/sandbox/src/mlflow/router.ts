import type { Request } from 'express';
import { decodeOffsetToken, encodeOffsetToken } from '../http/paging';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';
import { MlflowErrorCode, invalidParameter, mlflowError } from './errors';
import { MlflowInput } from './input';
import {
  searchExperiments,
  searchModelVersions,
  searchRegisteredModels,
  searchRuns,
} from './search';
import {
  MlflowFlavor,
  MlflowJson,
  experimentJson,
  metricJson,
  modelVersionJson,
  registeredModelJson,
  runJson,
} from './serialize';
import { MlflowState, MlflowStateError } from './state';
import { ModelStage, RunRecord, runData } from './types';

const P = '/api/2.0/mlflow';

/** Page limits of the MLflow server (store thresholds and proto defaults). */
const LIMITS = {
  runs: { default: 1000, max: 50000 },
  experiments: { default: 1000, max: 50000 },
  registeredModels: { default: 100, max: 1000 },
  modelVersions: { default: 200000, max: 200000 },
  metricHistory: { max: 25000 },
};

function wrapState<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof MlflowStateError) {
      throw mlflowError(error.code as MlflowErrorCode, error.message);
    }
    throw error;
  }
}

function maxResults(
  input: MlflowInput,
  limits: { default: number; max: number },
): number {
  const value = input.int('max_results') ?? limits.default;
  if (value <= 0) {
    throw invalidParameter(
      `Invalid value for request parameter max_results. It must be a positive integer, but got ${value}`,
    );
  }
  if (value > limits.max) {
    throw invalidParameter(
      `Invalid value for request parameter max_results. It must be at most ${limits.max}, but got ${value}`,
    );
  }
  return value;
}

function offsetOf(input: MlflowInput): number {
  const token = input.string('page_token');
  if (!token) {
    return 0;
  }
  const offset = decodeOffsetToken(token);
  if (offset === undefined) {
    throw invalidParameter(
      `Invalid page token, could not base64-decode. Underlying error: Invalid page_token '${token}'`,
    );
  }
  return offset;
}

/** One page as MLflow returns it: the items key omitted when empty, token only if more. */
function page<T>(
  items: T[],
  input: MlflowInput,
  limit: number,
  key: string,
  toJson: (item: T) => MlflowJson,
): MlflowJson {
  const offset = offsetOf(input);
  const slice = items.slice(offset, offset + limit);
  const out: MlflowJson = {};
  if (slice.length > 0) {
    out[key] = slice.map(toJson);
  }
  if (offset + limit < items.length) {
    out.next_page_token = encodeOffsetToken(offset + limit);
  }
  return out;
}

const STAGES: Record<string, ModelStage> = {
  none: 'None',
  staging: 'Staging',
  production: 'Production',
  archived: 'Archived',
};

/** The adapter giving MLflow's error shapes (no auth: MLflow OSS without the auth app). */
function adapter(mount: string, flavor: MlflowFlavor): SystemAdapter {
  return {
    system: flavor === '3' ? 'mlflow' : 'mlflow2',
    mount,
    contract: flavor === '3' ? 'mlflow-3' : 'mlflow-2',
    malformedBody: message =>
      mlflowError('BAD_REQUEST', `Malformed request: ${message}`),
    routeNotFound: (req: Request) =>
      mlflowError(
        'ENDPOINT_NOT_FOUND',
        `No API endpoint found for ${req.method} ${req.path}`,
      ),
    internalError: message => mlflowError('INTERNAL_ERROR', message),
  };
}

/**
 * The MLflow tracking + registry REST subset, served for one flavor (3.x on /mlflow, 2.x
 * on /mlflow2) over the shared state.
 */
export function createMlflowRouter(opts: {
  mount: string;
  flavor: MlflowFlavor;
  state: () => MlflowState;
  table: SandboxRoute[];
  stats: StatsRecorder;
}) {
  const { flavor, state } = opts;
  const r = new SystemRouter(
    adapter(opts.mount, flavor),
    opts.table,
    opts.stats,
  );

  const requireRun = (runId: string): RunRecord => {
    const run = state().runs.get(runId);
    if (!run) {
      throw mlflowError(
        'RESOURCE_DOES_NOT_EXIST',
        `Run with id=${runId} not found`,
      );
    }
    return run;
  };
  const versionJson = (name: string, version: string) =>
    wrapState(() => {
      const s = state();
      const v = s.requireVersion(name, version);
      return modelVersionJson(v, s.models.get(name));
    });

  // ------------------------------------------------------------------ experiments
  r.get(`${P}/experiments/get`, req => {
    const id = MlflowInput.of(req).requiredString('experiment_id');
    const experiment = state().experiments.get(id);
    if (!experiment) {
      throw mlflowError(
        'RESOURCE_DOES_NOT_EXIST',
        `No Experiment with id=${id} exists`,
      );
    }
    return { json: { experiment: experimentJson(experiment) } };
  });

  r.get(`${P}/experiments/get-by-name`, req => {
    const name = MlflowInput.of(req).requiredString('experiment_name');
    const experiment = state().experimentByName(name);
    if (!experiment) {
      throw mlflowError(
        'RESOURCE_DOES_NOT_EXIST',
        `Could not find experiment with name '${name}'`,
      );
    }
    return { json: { experiment: experimentJson(experiment) } };
  });

  const experimentsSearch = (req: Request) => {
    const input = MlflowInput.of(req);
    const limit = maxResults(input, LIMITS.experiments);
    const viewType = input.string('view_type');
    const all =
      viewType === 'DELETED_ONLY' || viewType === '2'
        ? []
        : [...state().experiments.values()];
    const found = searchExperiments(
      all,
      input.string('filter'),
      input.strings('order_by'),
    );
    return { json: page(found, input, limit, 'experiments', experimentJson) };
  };
  r.post(`${P}/experiments/search`, experimentsSearch);
  r.get(`${P}/experiments/search`, experimentsSearch);

  r.post(`${P}/experiments/create`, req => {
    const input = MlflowInput.of(req);
    const id = wrapState(() =>
      state().createExperiment(
        input.requiredString('name'),
        input.string('artifact_location'),
        input.tags('tags'),
      ),
    );
    return { json: { experiment_id: id } };
  });

  // ------------------------------------------------------------------------- runs
  r.get(`${P}/runs/get`, req => {
    const input = MlflowInput.of(req);
    const runId = input.string('run_id') || input.string('run_uuid');
    if (!runId) {
      throw invalidParameter(
        "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
      );
    }
    return { json: { run: runJson(requireRun(runId), flavor) } };
  });

  r.post(`${P}/runs/search`, req => {
    const input = MlflowInput.of(req);
    const limit = maxResults(input, LIMITS.runs);
    const viewType = input.string('run_view_type');
    const s = state();
    const runs =
      viewType === 'DELETED_ONLY'
        ? []
        : input
            .strings('experiment_ids')
            .flatMap(id => s.runsByExperiment.get(id) ?? []);
    const found = searchRuns(
      runs,
      input.string('filter'),
      input.strings('order_by'),
    );
    return {
      json: page(found, input, limit, 'runs', run => runJson(run, flavor)),
    };
  });

  r.get(`${P}/metrics/get-history`, req => {
    const input = MlflowInput.of(req);
    const runId = input.string('run_id') || input.string('run_uuid');
    if (!runId) {
      throw invalidParameter('GetMetricHistory request must specify a run_id.');
    }
    const key = input.requiredString('metric_key');
    const run = requireRun(runId);
    const latest = runData(run).metrics.find(m => m.key === key);
    const history = run.history?.(key) ?? (latest ? [latest] : []);
    const paged =
      input.int('max_results') !== undefined ||
      input.string('page_token') !== undefined;
    if (!paged) {
      return {
        json: history.length > 0 ? { metrics: history.map(metricJson) } : {},
      };
    }
    const limit = maxResults(input, {
      default: LIMITS.metricHistory.max,
      max: LIMITS.metricHistory.max,
    });
    return { json: page(history, input, limit, 'metrics', metricJson) };
  });

  // ------------------------------------------------------------- registered models
  const modelJson = (name: string) => {
    const s = state();
    const model = wrapState(() => s.requireModel(name));
    return registeredModelJson(model, s.latestVersions(model));
  };

  r.get(`${P}/registered-models/search`, req => {
    const input = MlflowInput.of(req);
    const limit = maxResults(input, LIMITS.registeredModels);
    const s = state();
    const found = searchRegisteredModels(
      s.models,
      s.modelNames,
      input.string('filter'),
      input.strings('order_by'),
    );
    return {
      json: page(found, input, limit, 'registered_models', m =>
        registeredModelJson(m, s.latestVersions(m)),
      ),
    };
  });

  r.get(`${P}/registered-models/get`, req => ({
    json: {
      registered_model: modelJson(MlflowInput.of(req).requiredString('name')),
    },
  }));

  r.post(`${P}/registered-models/create`, req => {
    const input = MlflowInput.of(req);
    const name = input.requiredString('name');
    wrapState(() =>
      state().createModel(
        name,
        input.string('description'),
        input.tags('tags'),
      ),
    );
    return { json: { registered_model: modelJson(name) } };
  });

  r.post(`${P}/registered-models/set-tag`, req => {
    const input = MlflowInput.of(req);
    const name = input.requiredString('name');
    const key = input.requiredString('key');
    const value = input.string('value');
    if (value === undefined) {
      throw invalidParameter(
        "Missing value for required parameter 'value'. See the API docs for more information about request parameters.",
      );
    }
    wrapState(() => state().setModelTag(name, key, value));
    return { json: {} };
  });

  const latestVersions = (req: Request) => {
    const input = MlflowInput.of(req);
    const s = state();
    const model = wrapState(() => s.requireModel(input.requiredString('name')));
    const versions = s.latestVersions(model, input.strings('stages'));
    return {
      json:
        versions.length > 0
          ? { model_versions: versions.map(v => modelVersionJson(v, model)) }
          : {},
    };
  };
  r.post(`${P}/registered-models/get-latest-versions`, latestVersions);
  r.get(`${P}/registered-models/get-latest-versions`, latestVersions);

  r.post(`${P}/registered-models/alias`, req => {
    const input = MlflowInput.of(req);
    const name = input.requiredString('name');
    const alias = input.requiredString('alias');
    const version = input.requiredString('version');
    if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias)) {
      throw invalidParameter(
        `'${alias}' is a reserved alias name. Alias names cannot be 'latest' or of the form 'v<number>'.`,
      );
    }
    wrapState(() => state().setAlias(name, alias, version));
    return { json: {} };
  });

  r.delete(`${P}/registered-models/alias`, req => {
    const input = MlflowInput.of(req);
    const name = input.requiredString('name');
    const alias = input.requiredString('alias');
    wrapState(() => state().deleteAlias(name, alias));
    return { json: {} };
  });

  r.get(`${P}/registered-models/alias`, req => {
    const input = MlflowInput.of(req);
    const name = input.requiredString('name');
    const alias = input.requiredString('alias');
    const s = state();
    const version = wrapState(() => s.versionByAlias(name, alias));
    return {
      json: { model_version: modelVersionJson(version, s.models.get(name)) },
    };
  });

  // ---------------------------------------------------------------- model versions
  r.get(`${P}/model-versions/search`, req => {
    const input = MlflowInput.of(req);
    const limit = maxResults(input, LIMITS.modelVersions);
    const s = state();
    const found = searchModelVersions(
      s,
      input.string('filter'),
      input.strings('order_by'),
    );
    return {
      json: page(found, input, limit, 'model_versions', v =>
        modelVersionJson(v, s.models.get(v.name)),
      ),
    };
  });

  r.get(`${P}/model-versions/get`, req => {
    const input = MlflowInput.of(req);
    return {
      json: {
        model_version: versionJson(
          input.requiredString('name'),
          input.requiredString('version'),
        ),
      },
    };
  });

  r.get(`${P}/model-versions/get-download-uri`, req => {
    const input = MlflowInput.of(req);
    const v = wrapState(() =>
      state().requireVersion(
        input.requiredString('name'),
        input.requiredString('version'),
      ),
    );
    return { json: { artifact_uri: v.source } };
  });

  r.post(`${P}/model-versions/create`, req => {
    const input = MlflowInput.of(req);
    const name = input.requiredString('name');
    const version = wrapState(() =>
      state().createVersion({
        name,
        source: input.requiredString('source'),
        runId: input.string('run_id') || undefined,
        runLink: input.string('run_link') || undefined,
        description: input.string('description') || undefined,
        tags: input.tags('tags'),
      }),
    );
    return {
      json: { model_version: versionJson(name, String(version.version)) },
    };
  });

  r.post(`${P}/model-versions/set-tag`, req => {
    const input = MlflowInput.of(req);
    const name = input.requiredString('name');
    const version = input.requiredString('version');
    const key = input.requiredString('key');
    const value = input.string('value');
    if (value === undefined) {
      throw invalidParameter(
        "Missing value for required parameter 'value'. See the API docs for more information about request parameters.",
      );
    }
    wrapState(() => state().setVersionTag(name, version, key, value));
    return { json: {} };
  });

  r.post(`${P}/model-versions/transition-stage`, req => {
    const input = MlflowInput.of(req);
    const name = input.requiredString('name');
    const version = input.requiredString('version');
    const stageText = input.requiredString('stage');
    const archive = input.requiredBool('archive_existing_versions');
    const stage = STAGES[stageText.toLowerCase()];
    if (!stage) {
      throw invalidParameter(
        `Invalid Model Version stage: ${stageText}. Value must be one of None, Staging, Production, Archived.`,
      );
    }
    wrapState(() => state().transitionStage(name, version, stage, archive));
    return { json: { model_version: versionJson(name, version) } };
  });

  return r.finish();
}
