import { InputError, NotFoundError } from '@backstage/errors';
import {
  MlflowApi,
  MlflowClients,
  MlflowExperiment,
  MlflowInstanceConfig,
  MlflowRegisteredModel,
  MlflowTag,
} from '@mlops-portal/plugin-mlflow-node';

/** One call the fake received: the method and its arguments. */
export type FakeCall = { method: keyof MlflowApi; args: unknown[] };

const WRITE_METHODS = new Set<keyof MlflowApi>([
  'createExperiment',
  'createRegisteredModel',
  'setRegisteredModelTag',
  'setAlias',
  'deleteAlias',
  'transitionStage',
  'setModelVersionTag',
]);

function instanceConfig(name: string): MlflowInstanceConfig {
  return {
    name,
    baseUrl: `https://mlflow-${name}.example.com`,
    uiUrl: `https://mlflow-${name}.example.com/ui`,
    auth: { type: 'none' },
    timeoutMs: 1000,
    retries: 0,
    cacheTtlMs: 0,
    majorVersion: 3,
  };
}

function alreadyExists(instance: string, message: string): InputError {
  // What UpstreamHttpClient makes of MLflow's `400 RESOURCE_ALREADY_EXISTS`.
  return new InputError(
    `mlflow instance '${instance}': POST failed with 400 Bad Request: RESOURCE_ALREADY_EXISTS: ${message}`,
  );
}

/** The part of MlflowApi the actions use. */
type UsedMlflowApi = Pick<
  MlflowApi,
  | 'instance'
  | 'getExperimentByName'
  | 'createExperiment'
  | 'getRegisteredModel'
  | 'createRegisteredModel'
>;

/**
 * An in-memory MLflow instance implementing the parts of MlflowApi the actions use, recording
 * every call (see {@link FakeMlflowApi.asClient}).
 */
export class FakeMlflowApi implements UsedMlflowApi {
  readonly instance: MlflowInstanceConfig;
  readonly calls: FakeCall[] = [];
  readonly experiments = new Map<string, MlflowExperiment>();
  readonly models = new Map<string, MlflowRegisteredModel>();
  /** Makes the next create behave as if a concurrent task had created the object just before. */
  raceNextCreate = false;
  private nextExperimentId = 100;

  constructor(name = 'prod') {
    this.instance = instanceConfig(name);
  }

  /** Calls that would change MLflow. */
  get writes(): FakeCall[] {
    return this.calls.filter(call => WRITE_METHODS.has(call.method));
  }

  /** Adds an experiment as if it had been created earlier. */
  addExperiment(
    name: string,
    extra: Partial<MlflowExperiment> = {},
  ): MlflowExperiment {
    const experiment: MlflowExperiment = {
      experiment_id: String(this.nextExperimentId++),
      name,
      lifecycle_stage: 'active',
      ...extra,
    };
    this.experiments.set(name, experiment);
    return experiment;
  }

  /** Adds a registered model as if it had been created earlier. */
  addModel(name: string, tags: MlflowTag[] = []): MlflowRegisteredModel {
    const model: MlflowRegisteredModel = { name, tags };
    this.models.set(name, model);
    return model;
  }

  private record(method: keyof MlflowApi, ...args: unknown[]) {
    this.calls.push({ method, args });
  }

  async getExperimentByName(name: string): Promise<MlflowExperiment> {
    this.record('getExperimentByName', name);
    const experiment = this.experiments.get(name);
    if (!experiment) {
      throw new NotFoundError(
        `mlflow instance '${this.instance.name}': RESOURCE_DOES_NOT_EXIST: Could not find experiment with name '${name}'`,
      );
    }
    return structuredClone(experiment);
  }

  async createExperiment(request: {
    name: string;
    artifactLocation?: string;
    tags?: MlflowTag[];
  }): Promise<{ experimentId: string }> {
    this.record('createExperiment', request);
    if (this.raceNextCreate) {
      this.raceNextCreate = false;
      this.addExperiment(request.name);
    }
    if (this.experiments.has(request.name)) {
      throw alreadyExists(
        this.instance.name,
        `Experiment(name=${request.name}) already exists.`,
      );
    }
    const experiment = this.addExperiment(request.name, {
      ...(request.artifactLocation && {
        artifact_location: request.artifactLocation,
      }),
      ...(request.tags && { tags: request.tags }),
    });
    return { experimentId: experiment.experiment_id };
  }

  async getRegisteredModel(name: string): Promise<MlflowRegisteredModel> {
    this.record('getRegisteredModel', name);
    const model = this.models.get(name);
    if (!model) {
      throw new NotFoundError(
        `mlflow instance '${this.instance.name}': RESOURCE_DOES_NOT_EXIST: Registered Model with name=${name} not found`,
      );
    }
    return structuredClone(model);
  }

  async createRegisteredModel(request: {
    name: string;
    description?: string;
    tags?: MlflowTag[];
  }): Promise<MlflowRegisteredModel> {
    this.record('createRegisteredModel', request);
    if (this.raceNextCreate) {
      this.raceNextCreate = false;
      this.addModel(request.name);
    }
    if (this.models.has(request.name)) {
      throw alreadyExists(
        this.instance.name,
        `Registered Model (name=${request.name}) already exists.`,
      );
    }
    const model: MlflowRegisteredModel = {
      name: request.name,
      ...(request.description && { description: request.description }),
      ...(request.tags && { tags: request.tags }),
    };
    this.models.set(request.name, model);
    return structuredClone(model);
  }

  /**
   * This fake as an MlflowApi; the methods it does not implement record the call and throw, so
   * the fake keeps compiling as the interface grows.
   */
  asClient(): MlflowApi {
    return new Proxy(this, {
      get: (target, property, receiver) => {
        if (property in target) {
          return Reflect.get(target, property, receiver);
        }
        return () => {
          target.record(property as keyof MlflowApi);
          throw new Error(
            `FakeMlflowApi does not implement ${String(property)}`,
          );
        };
      },
    }) as unknown as MlflowApi;
  }
}

/** MlflowClients over fake instances, the first the default. */
export function createFakeMlflowClients(names: string[] = ['prod']): {
  clients: MlflowClients;
  apis: Map<string, FakeMlflowApi>;
  /** The default instance's fake. */
  api: FakeMlflowApi;
} {
  const apis = new Map(names.map(name => [name, new FakeMlflowApi(name)]));
  const clients: MlflowClients = {
    instances: [...apis.values()].map(api => api.instance),
    forInstance(name) {
      const api = apis.get(name ?? names[0]);
      if (!api) {
        throw new NotFoundError(`No MLflow instance '${name}'`);
      }
      return api.asClient();
    },
  };
  return { clients, apis, api: apis.get(names[0])! };
}
