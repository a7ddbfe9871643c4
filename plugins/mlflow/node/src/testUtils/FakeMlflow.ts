import { InputError } from '@backstage/errors';
import { mockUpstreamError } from '@mlops-portal/plugin-mlops-node/testUtils';
import { mapMlflowError } from '../errors';
import type {
  MlflowApi,
  MlflowInstanceConfig,
  MlflowExperiment,
  MlflowMetric,
  MlflowModelVersion,
  MlflowPage,
  MlflowRegisteredModel,
  MlflowRun,
  MlflowTag,
} from '@mlops-portal/plugin-mlflow-node';
import { mlflowInstanceConfig } from './builders';

/**
 * What a {@link FakeMlflow} holds at the start.
 *
 * @public
 */
export interface FakeMlflowData {
  /** The experiments. */
  experiments?: MlflowExperiment[];
  /** The runs, of any of the experiments. */
  runs?: MlflowRun[];
  /** `${runId}/${metricKey}` → the metric's history. */
  histories?: Record<string, MlflowMetric[]>;
  /** The registered models. */
  models?: MlflowRegisteredModel[];
  /** The model versions, of any of the models. */
  versions?: MlflowModelVersion[];
}

/**
 * A method of the MLflow client.
 *
 * @public
 */
export type FakeMlflowMethod = keyof Omit<MlflowApi, 'instance'>;

const WRITES: ReadonlySet<FakeMlflowMethod> = new Set<FakeMlflowMethod>([
  'createExperiment',
  'createRegisteredModel',
  'setRegisteredModelTag',
  'createModelVersion',
  'setAlias',
  'deleteAlias',
  'transitionStage',
  'setModelVersionTag',
]);

/**
 * One in-memory MLflow instance implementing the client interface, with MLflow's behaviour where
 * the portal depends on it (not-found and already-exists errors as the real client throws them,
 * page tokens, page-size caps, aliases, 2.x stages), a call log and injected failures.
 *
 * @remarks
 * For tests of what is built on the client; the client itself is tested against the sandbox's
 * MLflow, which speaks the real REST API (see `useSandboxMlflow`).
 *
 * @public
 */
export class FakeMlflow implements MlflowApi {
  /** The instance it pretends to be. */
  readonly instance: MlflowInstanceConfig;
  /** Every call, in order. */
  readonly calls: Array<{ method: FakeMlflowMethod; args: unknown[] }> = [];
  /** An error thrown by every call of a method while set. */
  readonly failures: Partial<Record<FakeMlflowMethod, Error>> = {};
  /** The server's page-size caps, as MLflow caps `max_results`. */
  readonly pageSize: Partial<Record<FakeMlflowMethod, number>> = {};
  /** The next create finds that a concurrent caller created the object just before. */
  raceNextCreate = false;
  /** What it holds now (tests may change it directly). */
  readonly data: Required<FakeMlflowData>;
  private nextId = 100;

  constructor(
    options: {
      instance?: Partial<MlflowInstanceConfig>;
      data?: FakeMlflowData;
    } = {},
  ) {
    this.instance = mlflowInstanceConfig(options.instance);
    this.data = {
      experiments: [],
      runs: [],
      histories: {},
      models: [],
      versions: [],
      ...structuredClone(options.data ?? {}),
    };
  }

  /** How many calls of `method` were made. */
  count(method: FakeMlflowMethod): number {
    return this.calls.filter(call => call.method === method).length;
  }

  /** The calls that would change MLflow. */
  get writes(): Array<{ method: FakeMlflowMethod; args: unknown[] }> {
    return this.calls.filter(call => WRITES.has(call.method));
  }

  /** `experiments/get-by-name` on the fake's data. */
  async getExperimentByName(name: string) {
    this.record('getExperimentByName', name);
    return this.find(
      this.data.experiments,
      e => e.name === name,
      `experiment '${name}'`,
    );
  }

  /** `experiments/get` on the fake's data. */
  async getExperiment(experimentId: string) {
    this.record('getExperiment', experimentId);
    return this.find(
      this.data.experiments,
      e => e.experiment_id === experimentId,
      `experiment ${experimentId}`,
    );
  }

  /** `experiments/search` on the fake's data, one page. */
  async searchExperiments(
    request: Parameters<MlflowApi['searchExperiments']>[0],
  ) {
    this.record('searchExperiments', request);
    return this.page('searchExperiments', this.data.experiments, request);
  }

  /** `experiments/create` on the fake's data; returns the new experiment id. */
  async createExperiment(
    request: Parameters<MlflowApi['createExperiment']>[0],
  ) {
    this.record('createExperiment', request);
    this.race(() => this.addExperiment(request.name));
    if (this.data.experiments.some(e => e.name === request.name)) {
      throw this.alreadyExists(`Experiment(name=${request.name})`);
    }
    const experiment = this.addExperiment(request.name, {
      ...(request.artifactLocation && {
        artifact_location: request.artifactLocation,
      }),
      ...(request.tags && { tags: request.tags }),
    });
    return { experimentId: experiment.experiment_id };
  }

  /** `runs/search` on the fake's data, one page. */
  async searchRuns(request: Parameters<MlflowApi['searchRuns']>[0]) {
    this.record('searchRuns', request);
    const runs = this.data.runs.filter(r =>
      request.experimentIds.includes(r.info.experiment_id),
    );
    return this.page('searchRuns', runs, request);
  }

  /** `runs/get` on the fake's data. */
  async getRun(runId: string) {
    this.record('getRun', runId);
    return this.find(
      this.data.runs,
      r => r.info.run_id === runId,
      `run ${runId}`,
    );
  }

  /** `metrics/get-history` on the fake's data, one page. */
  async getMetricHistory(
    request: Parameters<MlflowApi['getMetricHistory']>[0],
  ) {
    this.record('getMetricHistory', request);
    const points = this.data.histories[`${request.runId}/${request.metricKey}`];
    return this.page('getMetricHistory', points ?? [], request);
  }

  /** `metrics/get-history` on the fake's data, every page. */
  async getFullMetricHistory(runId: string, metricKey: string) {
    this.record('getFullMetricHistory', runId, metricKey);
    return structuredClone(this.data.histories[`${runId}/${metricKey}`] ?? []);
  }

  /** `registered-models/search` on the fake's data, one page. */
  async searchRegisteredModels(
    request: Parameters<MlflowApi['searchRegisteredModels']>[0],
  ) {
    this.record('searchRegisteredModels', request);
    return this.page('searchRegisteredModels', this.data.models, request);
  }

  /** `registered-models/get` on the fake's data. */
  async getRegisteredModel(name: string) {
    this.record('getRegisteredModel', name);
    return this.find(this.data.models, m => m.name === name, `model '${name}'`);
  }

  /** `registered-models/create` on the fake's data. */
  async createRegisteredModel(
    request: Parameters<MlflowApi['createRegisteredModel']>[0],
  ) {
    this.record('createRegisteredModel', request);
    this.race(() => this.addModel({ name: request.name }));
    if (this.data.models.some(m => m.name === request.name)) {
      throw this.alreadyExists(`Registered Model (name=${request.name})`);
    }
    return structuredClone(
      this.addModel({
        name: request.name,
        ...(request.description && { description: request.description }),
        ...(request.tags && { tags: request.tags }),
      }),
    );
  }

  /** `registered-models/set-tag` on the fake's data. */
  async setRegisteredModelTag(name: string, key: string, value: string) {
    this.record('setRegisteredModelTag', name, key, value);
    const model = this.model(name);
    model.tags = [
      ...(model.tags ?? []).filter(t => t.key !== key),
      { key, value },
    ];
  }

  /** `model-versions/search` on the fake's data, one page. */
  async searchModelVersions(
    request: Parameters<MlflowApi['searchModelVersions']>[0],
  ) {
    this.record('searchModelVersions', request);
    // The one filter the portal sends: `name = '<model>'` (or double-quoted).
    const name = /^name = (['"])(.*)\1$/.exec(request.filter ?? '')?.[2];
    const versions =
      name === undefined
        ? this.data.versions
        : this.data.versions.filter(v => v.name === name);
    return this.page('searchModelVersions', versions, request);
  }

  /** `model-versions/get` on the fake's data. */
  async getModelVersion(name: string, version: string) {
    this.record('getModelVersion', name, version);
    return this.find(
      this.data.versions,
      v => v.name === name && v.version === version,
      `version ${version} of model '${name}'`,
    );
  }

  /** `model-versions/create` on the fake's data: registers the next version of a model. */
  async createModelVersion(
    request: Parameters<MlflowApi['createModelVersion']>[0],
  ) {
    this.record('createModelVersion', request);
    this.model(request.name);
    const numbers = this.data.versions
      .filter(v => v.name === request.name)
      .map(v => Number(v.version));
    const version: MlflowModelVersion = {
      name: request.name,
      version: String(Math.max(0, ...numbers) + 1),
      source: request.source,
      status: 'READY',
      current_stage: 'None',
      ...(request.runId && { run_id: request.runId }),
      ...(request.description && { description: request.description }),
      ...(request.tags && { tags: request.tags }),
    };
    this.data.versions.push(version);
    return structuredClone(version);
  }

  /** `registered-models/alias` (GET) on the fake's data: the version an alias points at. */
  async getModelVersionByAlias(name: string, alias: string) {
    this.record('getModelVersionByAlias', name, alias);
    const version = this.model(name).aliases?.find(
      a => a.alias === alias,
    )?.version;
    return this.find(
      this.data.versions,
      v => v.name === name && v.version === version,
      `alias '${alias}' of model '${name}'`,
    );
  }

  /** `registered-models/alias` (POST) on the fake's data: creates or moves an alias. */
  async setAlias(name: string, alias: string, version: string) {
    this.record('setAlias', name, alias, version);
    const model = this.model(name);
    this.find(
      this.data.versions,
      v => v.name === name && v.version === version,
      `version ${version} of model '${name}'`,
    );
    model.aliases = [
      ...(model.aliases ?? []).filter(a => a.alias !== alias),
      { alias, version },
    ];
  }

  /** `registered-models/alias` (DELETE) on the fake's data. */
  async deleteAlias(name: string, alias: string) {
    this.record('deleteAlias', name, alias);
    const model = this.model(name);
    model.aliases = (model.aliases ?? []).filter(a => a.alias !== alias);
  }

  /** `model-versions/transition-stage` on the fake's data; refused with InputError on a 3.x instance. */
  async transitionStage(request: Parameters<MlflowApi['transitionStage']>[0]) {
    this.record('transitionStage', request);
    if (this.instance.majorVersion !== 2) {
      throw new InputError(
        `mlflow instance '${this.instance.name}' runs MLflow 3: stages are replaced by aliases`,
      );
    }
    const versions = this.data.versions.filter(v => v.name === request.name);
    const target = versions.find(v => v.version === request.version);
    if (!target) {
      throw this.notFound(
        `version ${request.version} of model '${request.name}'`,
      );
    }
    if (request.archiveExistingVersions) {
      for (const other of versions) {
        if (other !== target && other.current_stage === request.stage) {
          other.current_stage = 'Archived';
        }
      }
    }
    target.current_stage = request.stage;
    return structuredClone(target);
  }

  /** `model-versions/set-tag` on the fake's data. */
  async setModelVersionTag(
    name: string,
    version: string,
    key: string,
    value: string,
  ) {
    this.record('setModelVersionTag', name, version, key, value);
    const target = this.data.versions.find(
      v => v.name === name && v.version === version,
    );
    if (!target) {
      throw this.notFound(`version ${version} of model '${name}'`);
    }
    target.tags = [
      ...(target.tags ?? []).filter(t => t.key !== key),
      { key, value },
    ];
  }

  /** Adds an experiment as if it had been created earlier. */
  addExperiment(
    name: string,
    extra: Partial<MlflowExperiment> = {},
  ): MlflowExperiment {
    const experiment: MlflowExperiment = {
      experiment_id: String(this.nextId++),
      name,
      lifecycle_stage: 'active',
      ...extra,
    };
    this.data.experiments.push(experiment);
    return experiment;
  }

  /** Adds a registered model as if it had been created earlier. */
  addModel(model: MlflowRegisteredModel): MlflowRegisteredModel {
    this.data.models.push(model);
    return model;
  }

  private record(method: FakeMlflowMethod, ...args: unknown[]): void {
    this.calls.push({ method, args: structuredClone(args) });
    const failure = this.failures[method];
    if (failure) {
      throw failure;
    }
  }

  private race(create: () => void): void {
    if (this.raceNextCreate) {
      this.raceNextCreate = false;
      create();
    }
  }

  private model(name: string): MlflowRegisteredModel {
    const model = this.data.models.find(m => m.name === name);
    if (!model) {
      throw this.notFound(`model '${name}'`);
    }
    return model;
  }

  private find<T>(items: T[], match: (item: T) => boolean, what: string): T {
    const found = items.find(match);
    if (found === undefined) {
      throw this.notFound(what);
    }
    return structuredClone(found);
  }

  /** One page: the token is the offset, the size the request's capped by the server's. */
  private page<T>(
    method: FakeMlflowMethod,
    items: T[],
    request: { maxResults?: number; pageToken?: string },
  ): MlflowPage<T> {
    const offset = Number(request.pageToken ?? 0);
    const size = Math.min(
      request.maxResults ?? 1000,
      this.pageSize[method] ?? Infinity,
    );
    const next = offset + size;
    return {
      items: structuredClone(items.slice(offset, next)),
      ...(next < items.length && { nextPageToken: String(next) }),
    };
  }

  private notFound(what: string): Error {
    return mapMlflowError(
      mockUpstreamError({
        system: 'mlflow',
        instance: this.instance.name,
        status: 404,
        code: 'RESOURCE_DOES_NOT_EXIST',
        message: `Could not find ${what}`,
      }),
    ) as Error;
  }

  private alreadyExists(what: string): Error {
    return mapMlflowError(
      mockUpstreamError({
        system: 'mlflow',
        instance: this.instance.name,
        method: 'POST',
        status: 400,
        code: 'RESOURCE_ALREADY_EXISTS',
        message: `${what} already exists.`,
      }),
    ) as Error;
  }
}

/**
 * Tags as MLflow lists them, from a map.
 *
 * @public
 */
export function mlflowTags(tags: Record<string, string>): MlflowTag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
