import { compareStrings } from '../compare';
import { LogicalClock } from '../time';
import { MlflowSeed } from '../story/mlflow';
import { experimentArtifactLocation } from '../story/mlflowRuns';
import {
  ExperimentRecord,
  KeyValue,
  ModelStage,
  ModelVersionRecord,
  RegisteredModelRecord,
  RunRecord,
} from './types';

/** Why a registry write failed; the router maps it to MLflow's error codes. */
export class MlflowStateError extends Error {
  constructor(
    readonly code:
      | 'RESOURCE_DOES_NOT_EXIST'
      | 'RESOURCE_ALREADY_EXISTS'
      | 'INVALID_PARAMETER_VALUE',
    message: string,
  ) {
    super(message);
  }
}

/** Binary search: index of the first element not less than `key`. */
function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The MLflow tracking server + model registry state shared by /mlflow and /mlflow2.
 * Indexes are built once (sorted names, runs per experiment, versions per run) and kept
 * up to date on writes, so searches over 10,000 models page without re-sorting.
 */
export class MlflowState {
  readonly experiments = new Map<string, ExperimentRecord>();
  private readonly experimentsByName = new Map<string, ExperimentRecord>();
  readonly runs = new Map<string, RunRecord>();
  readonly runsByExperiment = new Map<string, RunRecord[]>();
  readonly models = new Map<string, RegisteredModelRecord>();
  /** Registered model names in ascending order (MLflow's default search order). */
  readonly modelNames: string[] = [];
  private readonly versionsByRun = new Map<string, ModelVersionRecord[]>();
  private allVersionsCache: ModelVersionRecord[] | undefined;
  private nextExperimentId = 0;

  constructor(seed: MlflowSeed, private readonly clock: LogicalClock) {
    for (const experiment of seed.experiments) {
      this.addExperiment(experiment);
    }
    for (const run of seed.runs) {
      this.runs.set(run.runId, run);
      let list = this.runsByExperiment.get(run.experimentId);
      if (!list) {
        list = [];
        this.runsByExperiment.set(run.experimentId, list);
      }
      list.push(run);
    }
    for (const model of seed.models) {
      this.models.set(model.name, model);
      this.modelNames.push(model.name);
      for (const version of model.versions) {
        this.indexVersion(version);
      }
    }
    this.modelNames.sort(compareStrings);
  }

  private addExperiment(experiment: ExperimentRecord): void {
    this.experiments.set(experiment.experimentId, experiment);
    this.experimentsByName.set(experiment.name, experiment);
    this.nextExperimentId = Math.max(
      this.nextExperimentId,
      Number(experiment.experimentId) + 1,
    );
  }

  private indexVersion(version: ModelVersionRecord): void {
    if (version.runId) {
      const list = this.versionsByRun.get(version.runId) ?? [];
      list.push(version);
      this.versionsByRun.set(version.runId, list);
    }
    this.allVersionsCache = undefined;
  }

  /** Experiment by name (undefined when absent). */
  experimentByName(name: string): ExperimentRecord | undefined {
    return this.experimentsByName.get(name);
  }

  /** Creates an experiment; returns its id. */
  createExperiment(
    name: string,
    artifactLocation: string | undefined,
    tags: KeyValue[],
  ): string {
    if (this.experimentsByName.has(name)) {
      throw new MlflowStateError(
        'RESOURCE_ALREADY_EXISTS',
        `Experiment(name=${name}) already exists. Error: (raised as a result of Query-invoked autoflush; consider using a session.no_autoflush block if this flush is occurring prematurely)`,
      );
    }
    const id = String(this.nextExperimentId);
    const now = this.clock.tick();
    this.addExperiment({
      experimentId: id,
      name,
      artifactLocation: artifactLocation ?? experimentArtifactLocation(id),
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags,
    });
    return id;
  }

  /**
   * Every model version in MLflow's default search order (name ASC, version DESC), cached
   * until the next write.
   */
  allVersions(): ModelVersionRecord[] {
    if (!this.allVersionsCache) {
      const all: ModelVersionRecord[] = [];
      for (const name of this.modelNames) {
        const versions = this.models.get(name)!.versions;
        for (let i = versions.length - 1; i >= 0; i--) {
          all.push(versions[i]);
        }
      }
      this.allVersionsCache = all;
    }
    return this.allVersionsCache;
  }

  /** Versions created from a run. */
  versionsOfRun(runId: string): ModelVersionRecord[] {
    return this.versionsByRun.get(runId) ?? [];
  }

  /** The model or a RESOURCE_DOES_NOT_EXIST error. */
  requireModel(name: string): RegisteredModelRecord {
    const model = this.models.get(name);
    if (!model) {
      throw new MlflowStateError(
        'RESOURCE_DOES_NOT_EXIST',
        `Registered Model with name=${name} not found`,
      );
    }
    return model;
  }

  /** The version or a RESOURCE_DOES_NOT_EXIST error. */
  requireVersion(name: string, version: string): ModelVersionRecord {
    const model = this.models.get(name);
    const n = Number(version);
    const found =
      model && Number.isInteger(n)
        ? model.versions.find(v => v.version === n)
        : undefined;
    if (!found) {
      throw new MlflowStateError(
        'RESOURCE_DOES_NOT_EXIST',
        `Model Version (name=${name}, version=${version}) not found`,
      );
    }
    return found;
  }

  /** Creates a registered model. */
  createModel(
    name: string,
    description: string | undefined,
    tags: KeyValue[],
  ): RegisteredModelRecord {
    if (this.models.has(name)) {
      throw new MlflowStateError(
        'RESOURCE_ALREADY_EXISTS',
        `Registered Model (name=${name}) already exists.`,
      );
    }
    const now = this.clock.tick();
    const model: RegisteredModelRecord = {
      name,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      tags: new Map(tags.map(t => [t.key, t.value])),
      aliases: new Map(),
      versions: [],
    };
    if (description) {
      model.description = description;
    }
    this.models.set(name, model);
    this.modelNames.splice(lowerBound(this.modelNames, name), 0, name);
    this.allVersionsCache = undefined;
    return model;
  }

  /** Creates the next version of a model. */
  createVersion(input: {
    name: string;
    source: string;
    runId?: string;
    runLink?: string;
    description?: string;
    tags: KeyValue[];
  }): ModelVersionRecord {
    const model = this.requireModel(input.name);
    if (input.runId && !this.runs.has(input.runId)) {
      throw new MlflowStateError(
        'RESOURCE_DOES_NOT_EXIST',
        `Run with id=${input.runId} not found`,
      );
    }
    const now = this.clock.tick();
    const last = model.versions[model.versions.length - 1];
    const version: ModelVersionRecord = {
      name: model.name,
      version: (last?.version ?? 0) + 1,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      currentStage: 'None',
      source: input.source,
      status: 'READY',
      tags: new Map(input.tags.map(t => [t.key, t.value])),
    };
    if (input.runId) version.runId = input.runId;
    if (input.runLink) version.runLink = input.runLink;
    if (input.description) version.description = input.description;
    model.versions.push(version);
    model.lastUpdatedTimestamp = now;
    this.indexVersion(version);
    return version;
  }

  /** Sets a registered model tag. */
  setModelTag(name: string, key: string, value: string): void {
    const model = this.requireModel(name);
    model.tags.set(key, value);
  }

  /** Sets a model version tag. */
  setVersionTag(
    name: string,
    version: string,
    key: string,
    value: string,
  ): void {
    this.requireVersion(name, version).tags.set(key, value);
  }

  /** Points an alias at a version (moving it if it existed). */
  setAlias(name: string, alias: string, version: string): void {
    const model = this.requireModel(name);
    const target = this.requireVersion(name, version);
    model.aliases.set(alias, target.version);
    model.lastUpdatedTimestamp = this.clock.tick();
  }

  /** Removes an alias (no error when it does not exist, like MLflow). */
  deleteAlias(name: string, alias: string): void {
    const model = this.requireModel(name);
    if (model.aliases.delete(alias)) {
      model.lastUpdatedTimestamp = this.clock.tick();
    }
  }

  /** The version an alias points at. */
  versionByAlias(name: string, alias: string): ModelVersionRecord {
    const model = this.requireModel(name);
    const version = model.aliases.get(alias);
    if (version === undefined) {
      throw new MlflowStateError(
        'INVALID_PARAMETER_VALUE',
        `Registered model alias ${alias} not found.`,
      );
    }
    return this.requireVersion(name, String(version));
  }

  /** Moves a version to a stage, optionally archiving the others in that stage. */
  transitionStage(
    name: string,
    version: string,
    stage: ModelStage,
    archiveExisting: boolean,
  ): ModelVersionRecord {
    const model = this.requireModel(name);
    const target = this.requireVersion(name, version);
    const now = this.clock.tick();
    if (archiveExisting && (stage === 'Staging' || stage === 'Production')) {
      for (const other of model.versions) {
        if (other !== target && other.currentStage === stage) {
          other.currentStage = 'Archived';
          other.lastUpdatedTimestamp = now;
        }
      }
    }
    target.currentStage = stage;
    target.lastUpdatedTimestamp = now;
    model.lastUpdatedTimestamp = now;
    this.allVersionsCache = undefined;
    return target;
  }

  /** Latest version per stage (all stages unless `stages` is given), ascending by version. */
  latestVersions(
    model: RegisteredModelRecord,
    stages?: string[],
  ): ModelVersionRecord[] {
    const wanted =
      stages && stages.length > 0
        ? new Set(stages.map(s => s.toLowerCase()))
        : undefined;
    const latest = new Map<string, ModelVersionRecord>();
    for (const version of model.versions) {
      if (wanted && !wanted.has(version.currentStage.toLowerCase())) continue;
      const current = latest.get(version.currentStage);
      if (!current || current.version < version.version) {
        latest.set(version.currentStage, version);
      }
    }
    return [...latest.values()].sort((a, b) => a.version - b.version);
  }
}
