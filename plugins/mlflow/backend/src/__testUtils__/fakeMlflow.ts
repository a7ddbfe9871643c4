import { NotFoundError } from '@backstage/errors';
import type {
  MlflowApi,
  MlflowClients,
  MlflowExperiment,
  MlflowInstanceConfig,
  MlflowMetric,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
} from '@mlops-portal/plugin-mlflow-node';
import type { UpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';

/** An instance config for tests. */
export function instanceConfig(
  name: string,
  majorVersion: 2 | 3 = 3,
): MlflowInstanceConfig {
  return {
    name,
    baseUrl: `https://${name}.mlflow.example.com`,
    uiUrl: `https://${name}.mlflow.example.com/ui`,
    auth: { type: 'none' },
    timeoutMs: 1000,
    retries: 0,
    cacheTtlMs: 0,
    majorVersion,
  };
}

/** An error as the shared HTTP layer throws it, with its upstream details attached. */
export function upstreamError(
  ErrorClass: new (message: string) => Error,
  details: Partial<UpstreamErrorDetails> & { instance: string },
): Error {
  const full: UpstreamErrorDetails = {
    system: 'mlflow',
    method: 'GET',
    path: '/api/2.0/mlflow/x',
    kind: 'http',
    attempts: 1,
    ...details,
  };
  return Object.assign(
    new ErrorClass(
      `mlflow instance '${full.instance}': ${full.method} ${full.path} failed${
        full.status ? ` with ${full.status}` : ''
      }`,
    ),
    { upstream: full },
  );
}

/** The data a {@link FakeMlflow} serves. */
export interface FakeMlflowData {
  experiments: MlflowExperiment[];
  runs: MlflowRun[];
  /** `${runId}/${metricKey}` → history. */
  histories?: Record<string, MlflowMetric[]>;
  models: MlflowRegisteredModel[];
  versions: MlflowModelVersion[];
}

type Method = keyof Omit<MlflowApi, 'instance'>;

/**
 * An in-memory MLflow instance implementing the client interface: enough of MLflow's behaviour
 * for the services' tests, a call log, and failures injected per method.
 */
export class FakeMlflow implements MlflowApi {
  readonly calls: Array<{ method: Method; args: unknown[] }> = [];
  /** Errors thrown by the next calls of a method (every call while set). */
  readonly failures: Partial<Record<Method, Error>> = {};

  constructor(
    readonly instance: MlflowInstanceConfig,
    private readonly data: FakeMlflowData,
  ) {}

  private record(method: Method, ...args: unknown[]) {
    this.calls.push({ method, args });
    const failure = this.failures[method];
    if (failure) {
      throw failure;
    }
  }

  private notFound(what: string): Error {
    return upstreamError(NotFoundError, {
      instance: this.instance.name,
      status: 404,
      path: `/api/2.0/mlflow/${what}`,
    });
  }

  /** How many calls of `method` were made. */
  count(method: Method): number {
    return this.calls.filter(call => call.method === method).length;
  }

  async getExperimentByName(name: string) {
    this.record('getExperimentByName', name);
    const found = this.data.experiments.find(e => e.name === name);
    if (!found) throw this.notFound('experiments/get-by-name');
    return found;
  }

  async getExperiment(experimentId: string) {
    this.record('getExperiment', experimentId);
    const found = this.data.experiments.find(
      e => e.experiment_id === experimentId,
    );
    if (!found) throw this.notFound('experiments/get');
    return found;
  }

  async searchRuns(request: Parameters<MlflowApi['searchRuns']>[0]) {
    this.record('searchRuns', request);
    const all = this.data.runs.filter(r =>
      request.experimentIds.includes(r.info.experiment_id),
    );
    const offset = Number(request.pageToken ?? 0);
    const size = request.maxResults ?? 1000;
    const items = all.slice(offset, offset + size);
    return {
      items,
      nextPageToken:
        offset + size < all.length ? String(offset + size) : undefined,
    };
  }

  async getRun(runId: string) {
    this.record('getRun', runId);
    const found = this.data.runs.find(r => r.info.run_id === runId);
    if (!found) throw this.notFound('runs/get');
    return found;
  }

  async getMetricHistory(): Promise<never> {
    throw new Error('not used');
  }

  async getFullMetricHistory(runId: string, metricKey: string) {
    this.record('getFullMetricHistory', runId, metricKey);
    return this.data.histories?.[`${runId}/${metricKey}`] ?? [];
  }

  async getRegisteredModel(name: string) {
    this.record('getRegisteredModel', name);
    const found = this.data.models.find(m => m.name === name);
    if (!found) throw this.notFound('registered-models/get');
    return found;
  }

  async searchModelVersions(
    request: Parameters<MlflowApi['searchModelVersions']>[0],
  ) {
    this.record('searchModelVersions', request);
    const name = /^name = '(.*)'$/.exec(request.filter ?? '')?.[1];
    return { items: this.data.versions.filter(v => v.name === name) };
  }

  async setAlias(name: string, alias: string, version: string) {
    this.record('setAlias', name, alias, version);
    const model = await this.getRegisteredModel(name);
    model.aliases = [
      ...(model.aliases ?? []).filter(a => a.alias !== alias),
      { alias, version },
    ];
  }

  async deleteAlias(name: string, alias: string) {
    this.record('deleteAlias', name, alias);
    const model = await this.getRegisteredModel(name);
    model.aliases = (model.aliases ?? []).filter(a => a.alias !== alias);
  }

  async transitionStage(request: Parameters<MlflowApi['transitionStage']>[0]) {
    this.record('transitionStage', request);
    const versions = this.data.versions.filter(v => v.name === request.name);
    const target = versions.find(v => v.version === request.version);
    if (!target) throw this.notFound('model-versions/transition-stage');
    if (request.archiveExistingVersions) {
      versions
        .filter(v => v !== target && v.current_stage === request.stage)
        .forEach(v => {
          v.current_stage = 'Archived';
        });
    }
    target.current_stage = request.stage;
    return target;
  }

  async searchExperiments(): Promise<never> {
    throw new Error('not used');
  }
  async createExperiment(): Promise<never> {
    throw new Error('not used');
  }
  async searchRegisteredModels(): Promise<never> {
    throw new Error('not used');
  }
  async createRegisteredModel(): Promise<never> {
    throw new Error('not used');
  }
  async setRegisteredModelTag(): Promise<never> {
    throw new Error('not used');
  }
  async getModelVersion(): Promise<never> {
    throw new Error('not used');
  }
  async createModelVersion(): Promise<never> {
    throw new Error('not used');
  }
  async getModelVersionByAlias(): Promise<never> {
    throw new Error('not used');
  }
  async setModelVersionTag(): Promise<never> {
    throw new Error('not used');
  }
}

/** `MlflowClients` over fakes; the first is the default instance. */
export function fakeClients(...fakes: FakeMlflow[]): MlflowClients {
  return {
    instances: fakes.map(f => f.instance),
    forInstance(name?: string) {
      const found = fakes.find(
        f => f.instance.name === (name ?? fakes[0]?.instance.name),
      );
      if (!found) throw new NotFoundError(`no instance ${name}`);
      return found;
    },
  };
}

/** A run of the fake data set. */
export function run(
  runId: string,
  experimentId: string,
  metrics: Record<string, number> = {},
  extra: Partial<MlflowRun['info']> = {},
): MlflowRun {
  return {
    info: {
      run_id: runId,
      experiment_id: experimentId,
      status: 'FINISHED',
      start_time: 1000,
      end_time: 4000,
      ...extra,
    },
    data: {
      metrics: Object.entries(metrics).map(([key, value]) => ({
        key,
        value,
        timestamp: 4000,
        step: 49,
      })),
      params: [{ key: 'max_depth', value: '6' }],
      tags: [
        { key: 'mlflow.user', value: 'alice' },
        { key: 'mlflow.runName', value: `name-${runId}` },
      ],
    },
  };
}

/** The fraud-detection story in miniature: experiment 1 with 3 runs, experiment 2 with 1, one model. */
export function fraudData(): FakeMlflowData {
  return {
    experiments: [
      { experiment_id: '1', name: 'fraud-detection' },
      { experiment_id: '2', name: 'churn-prediction' },
      { experiment_id: '7', name: '12' },
    ],
    runs: [
      run('r1', '1', { auc: 0.91, f1: 0.7 }),
      run('r2', '1', { auc: 0.95, f1: 0.8 }),
      run('r3', '1', { auc: 0.93 }, { status: 'RUNNING', end_time: undefined }),
      run('c1', '2', { auc: 0.8 }),
    ],
    histories: {
      'r1/auc': [
        { key: 'auc', value: 0.91, timestamp: 30, step: 2 },
        { key: 'auc', value: 0.5, timestamp: 10, step: 0 },
        { key: 'auc', value: 0.8, timestamp: 20, step: 1 },
      ],
      'r1/f1': [{ key: 'f1', value: 0.7, timestamp: 10, step: 0 }],
      'r2/auc': [{ key: 'auc', value: 0.95, timestamp: 10, step: 0 }],
    },
    models: [
      {
        name: 'fraud-detector',
        description: 'Scores transactions',
        tags: [{ key: 'owner', value: 'fraud-detection' }],
        aliases: [
          { alias: 'champion', version: '1' },
          { alias: 'challenger', version: '2' },
        ],
      },
    ],
    versions: [
      {
        name: 'fraud-detector',
        version: '1',
        current_stage: 'Production',
        run_id: 'r1',
        status: 'READY',
        source: 'runs:/r1/model',
      },
      {
        name: 'fraud-detector',
        version: '2',
        current_stage: 'Staging',
        run_id: 'r2',
        status: 'READY',
        source: 'runs:/r2/model',
      },
    ],
  };
}
