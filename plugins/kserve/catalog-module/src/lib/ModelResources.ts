import { LoggerService } from '@backstage/backend-plugin-api';
import {
  MlflowClients,
  mlflowModelEntityName,
} from '@mlops-portal/plugin-mlflow-node';
import { RegisteredModelReference } from './modelReferences';
import {
  ModelVersionSources,
  readModelVersionSources,
} from './modelVersionSources';

/**
 * The `ml-model` Resources a registered model reference leads to.
 *
 * @internal
 */
export interface ModelResourceResolution {
  /** Full refs of the `ml-model` Resources; empty when the reference leads to none. */
  refs: string[];
  /** The `mlflow.org/instance` named, when no such MLflow instance is configured. */
  unknownInstance?: string;
}

/**
 * What reading the model versions' sources did.
 *
 * @internal
 */
export interface SourcesRead {
  /** Requests made. */
  pages: number;
  /** The MLflow instances whose versions could not be read (their last index stays in use). */
  failed: string[];
}

/**
 * Finds the `ml-model` Resources the MLflow provider ingests for the registered models
 * InferenceServices name, and keeps, per MLflow instance, the index of model version sources a
 * plain storageUri is looked up in.
 *
 * @remarks
 * Without any MLflow instance configured no InferenceService depends on a model: there is no
 * provider of `ml-model` Resources to depend on. The index is read only when an
 * InferenceService needs it, once per relist; if the read fails the last index stays (watch
 * deltas use it too), so an MLflow outage never holds up the KServe entities.
 *
 * @internal
 */
export class ModelResources {
  private readonly mlflow?: MlflowClients;
  private readonly matchSources: boolean;
  private readonly sources = new Map<string, ModelVersionSources>();
  /** Reads under way: the providers of several clusters relisting at once share one. */
  private readonly reading = new Map<string, Promise<ModelVersionSources>>();

  constructor(options: { mlflow?: MlflowClients; matchSources: boolean }) {
    this.mlflow = options.mlflow;
    this.matchSources = options.matchSources;
  }

  /** The configured MLflow instance a reference means, or undefined when there is none. */
  private instanceOf(reference: RegisteredModelReference): string | undefined {
    const instances = this.mlflow?.instances ?? [];
    const name = reference.instance ?? instances[0]?.name;
    return instances.some(i => i.name === name) ? name : undefined;
  }

  /** The MLflow instance whose version sources this reference must be looked up in, if any. */
  sourcesNeeded(reference: RegisteredModelReference): string | undefined {
    if (!this.matchSources || reference.artifactSource === undefined) {
      return undefined;
    }
    return this.instanceOf(reference);
  }

  /** Reads the version sources of these MLflow instances; failures are logged, never thrown. */
  async readSources(
    instances: ReadonlySet<string>,
    logger: LoggerService,
  ): Promise<SourcesRead> {
    const read: SourcesRead = { pages: 0, failed: [] };
    await Promise.all(
      [...instances].map(async instance => {
        try {
          const index = await this.readOnce(instance);
          this.sources.set(instance, index);
          read.pages += index.pages;
        } catch (error) {
          read.failed.push(instance);
          const consequence = this.sources.has(instance)
            ? 'InferenceServices are matched to model versions as of the last read'
            : 'InferenceServices that name a model only by its artifact location depend on no model until it can be read';
          logger.warn(
            `Could not read the model versions of MLflow instance '${instance}'; ${consequence}`,
            error as Error,
          );
        }
      }),
    );
    return read;
  }

  private readOnce(instance: string): Promise<ModelVersionSources> {
    let read = this.reading.get(instance);
    if (!read) {
      read = readModelVersionSources(
        this.mlflow!.forInstance(instance),
      ).finally(() => this.reading.delete(instance));
      this.reading.set(instance, read);
    }
    return read;
  }

  /** The `ml-model` Resources of a reference (by name, or by artifact source from the last index). */
  resolve(reference: RegisteredModelReference): ModelResourceResolution {
    const instances = this.mlflow?.instances ?? [];
    if (instances.length === 0) {
      return { refs: [] };
    }
    const instance = this.instanceOf(reference);
    if (!instance) {
      return { refs: [], unknownInstance: reference.instance };
    }
    let models: readonly string[] = [];
    if (reference.model !== undefined) {
      models = [reference.model];
    } else if (this.matchSources && reference.artifactSource !== undefined) {
      models =
        this.sources.get(instance)?.bySource.get(reference.artifactSource) ??
        [];
    }
    return {
      refs: models.map(
        model =>
          `resource:default/${mlflowModelEntityName(
            instances,
            instance,
            model,
          )}`,
      ),
    };
  }
}
