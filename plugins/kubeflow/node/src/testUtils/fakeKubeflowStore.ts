import type {
  CreateKubeflowRunOptions,
  KubeflowExperiment,
  KubeflowInstanceConfig,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
} from '@mlops-portal/plugin-kubeflow-node';
import { upstreamError, type FakeKubeflowMethod } from './fakeKubeflowCalls';
import {
  fakeKubeflowIds as ids,
  type FakeKubeflowExperimentSeed,
  type FakeKubeflowPipelineSeed,
  type FakeKubeflowRecurringRunSeed,
  type FakeKubeflowRunSeed,
  type FakeKubeflowVersionSeed,
} from './fakeKubeflowSeed';

/** Seeds without a time are created a second apart from here, in seed order. */
const SEED_CLOCK_START = Date.parse('2026-01-01T00:00:00Z');
/** Writes happen a second apart from the sandbox's "now", so they follow every seeded object. */
const WRITE_CLOCK_START = Date.parse('2026-11-01T00:00:00Z');

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

type Spec = Pick<KubeflowPipelineVersion, 'parameters' | 'tasks'>;

/**
 * What a `FakeKubeflow` holds, and the rules of what it holds: ids unique, names unique where KFP
 * wants them so, only the instance's namespace visible on multi-user Kubeflow, unknown ids the
 * real client's `NotFoundError`.
 *
 * @internal
 */
export class FakeKubeflowStore {
  private readonly pipelines = new Map<string, KubeflowPipeline>();
  private readonly versions = new Map<string, KubeflowPipelineVersion[]>();
  private readonly experiments = new Map<string, KubeflowExperiment>();
  private readonly runs = new Map<string, KubeflowRun>();
  private readonly recurringRuns = new Map<string, KubeflowRecurringRun>();
  private readonly versionIds = new Set<string>();
  private seedTicks = 0;
  private writeTicks = 0;
  private createdRuns = 0;

  constructor(private readonly instance: KubeflowInstanceConfig) {}

  // --- seeding ---------------------------------------------------------------------------

  addPipeline(seed: FakeKubeflowPipelineSeed): KubeflowPipeline {
    const { versions = [], ...fields } = seed;
    const pipeline: KubeflowPipeline = {
      ...fields,
      pipelineId: seed.pipelineId ?? ids.pipeline(seed.displayName),
      name: seed.name ?? seed.displayName,
      createdAt: seed.createdAt ?? this.seedTime(),
    };
    this.claim(this.pipelines, pipeline.pipelineId, 'pipeline', 'pipelineId');
    this.pipelines.set(pipeline.pipelineId, pipeline);
    this.versions.set(pipeline.pipelineId, []);
    versions.forEach(version => this.addVersion(pipeline.pipelineId, version));
    return pipeline;
  }

  addVersion(
    pipelineId: string,
    seed: FakeKubeflowVersionSeed,
  ): KubeflowPipelineVersion {
    const pipeline = this.pipelines.get(pipelineId);
    if (!pipeline) {
      throw new Error(`FakeKubeflow has no pipeline ${pipelineId}`);
    }
    const version: KubeflowPipelineVersion = {
      ...seed,
      pipelineId,
      pipelineVersionId:
        seed.pipelineVersionId ??
        ids.version(pipeline.displayName, seed.displayName),
      name: seed.name ?? seed.displayName,
      createdAt: seed.createdAt ?? this.seedTime(),
      parameters: seed.parameters ?? [],
      tasks: seed.tasks ?? [],
    };
    if (this.versionIds.has(version.pipelineVersionId)) {
      throw new Error(
        `FakeKubeflow already has pipeline version ${version.pipelineVersionId}; give the seed a pipelineVersionId`,
      );
    }
    this.versionIds.add(version.pipelineVersionId);
    this.versions.get(pipelineId)!.push(version);
    return version;
  }

  addExperiment(seed: FakeKubeflowExperimentSeed): KubeflowExperiment {
    const experiment: KubeflowExperiment = {
      archived: false,
      ...seed,
      experimentId: seed.experimentId ?? ids.experiment(seed.displayName),
      createdAt: seed.createdAt ?? this.seedTime(),
    };
    this.claim(
      this.experiments,
      experiment.experimentId,
      'experiment',
      'experimentId',
    );
    this.experiments.set(experiment.experimentId, experiment);
    return experiment;
  }

  addRun(seed: FakeKubeflowRunSeed): KubeflowRun {
    const run: KubeflowRun = {
      tasks: [],
      ...seed,
      runId: seed.runId ?? ids.run(seed.displayName, ''),
      createdAt: seed.createdAt ?? this.seedTime(),
    };
    this.claim(this.runs, run.runId, 'run', 'runId');
    this.runs.set(run.runId, run);
    return run;
  }

  addRecurringRun(seed: FakeKubeflowRecurringRunSeed): KubeflowRecurringRun {
    const recurringRun: KubeflowRecurringRun = {
      enabled: true,
      ...seed,
      recurringRunId: seed.recurringRunId ?? ids.recurringRun(seed.displayName),
      createdAt: seed.createdAt ?? this.seedTime(),
    };
    this.claim(
      this.recurringRuns,
      recurringRun.recurringRunId,
      'recurring run',
      'recurringRunId',
    );
    this.recurringRuns.set(recurringRun.recurringRunId, recurringRun);
    return recurringRun;
  }

  // --- reading ---------------------------------------------------------------------------

  allPipelines = () => [...this.pipelines.values()];
  allRuns = () => [...this.runs.values()];
  allRecurringRuns = () => [...this.recurringRuns.values()];
  allExperiments = () => [...this.experiments.values()];

  pipeline = (id: string) => this.pipelines.get(id);
  versionsOf = (pipelineId: string) => this.versions.get(pipelineId);
  experiment = (id: string) => this.experiments.get(id);
  run = (id: string) => this.runs.get(id);
  recurringRun = (id: string) => this.recurringRuns.get(id);

  /** On multi-user Kubeflow the client lists its namespace only. */
  private visible<T extends { namespace?: string }>(items: Iterable<T>): T[] {
    const namespace = this.instance.multiUser?.namespace;
    const all = [...items];
    return namespace === undefined
      ? all
      : all.filter(item => item.namespace === namespace);
  }

  visiblePipelines = () => this.visible(this.pipelines.values());
  visibleExperiments = () => this.visible(this.experiments.values());
  visibleRecurringRuns = () => this.visible(this.recurringRuns.values());

  /** Runs are in the namespace of their experiment. */
  visibleRuns(): KubeflowRun[] {
    const namespace = this.instance.multiUser?.namespace;
    return namespace === undefined
      ? this.allRuns()
      : this.allRuns().filter(
          run =>
            run.experimentId !== undefined &&
            this.experiments.get(run.experimentId)?.namespace === namespace,
        );
  }

  /** By KFP's unique `name` (what `GET /pipelines/names/{name}` finds), in the visible namespace. */
  pipelineByName(name: string): KubeflowPipeline | undefined {
    return this.visiblePipelines().find(
      p => (p.name ?? p.displayName) === name,
    );
  }

  // --- the answers' rules ----------------------------------------------------------------

  /** KFP's 404 for an unknown object, as the real client throws it. */
  notFound(method: FakeKubeflowMethod, args: unknown[], what: string): Error {
    return upstreamError(
      this.instance.name,
      method,
      args,
      404,
      `ResourceNotFoundError: ${what} not found`,
    );
  }

  requirePipeline(method: FakeKubeflowMethod, args: unknown[], id: string) {
    const pipeline = this.pipelines.get(id);
    if (!pipeline) {
      throw this.notFound(method, args, `Pipeline ${id}`);
    }
    return pipeline;
  }

  requireVersion(
    method: FakeKubeflowMethod,
    args: unknown[],
    pipelineId: string,
    versionId: string,
  ) {
    this.requirePipeline(method, args, pipelineId);
    const version = this.versions
      .get(pipelineId)!
      .find(v => v.pipelineVersionId === versionId);
    if (!version) {
      throw this.notFound(method, args, `PipelineVersion ${versionId}`);
    }
    return version;
  }

  requireExperiment(method: FakeKubeflowMethod, args: unknown[], id: string) {
    const experiment = this.experiments.get(id);
    if (!experiment) {
      throw this.notFound(method, args, `Experiment ${id}`);
    }
    return experiment;
  }

  requireRun(method: FakeKubeflowMethod, args: unknown[], id: string) {
    const run = this.runs.get(id);
    if (!run) {
      throw this.notFound(method, args, `Run ${id}`);
    }
    return run;
  }

  requireRecurringRun(method: FakeKubeflowMethod, args: unknown[], id: string) {
    const recurringRun = this.recurringRuns.get(id);
    if (!recurringRun) {
      throw this.notFound(method, args, `RecurringRun ${id}`);
    }
    return recurringRun;
  }

  /** KFP's own `Default` experiment, created on first use as KFP does. */
  kfpDefaultExperiment(): KubeflowExperiment {
    return (
      this.visibleExperiments().find(e => e.displayName === 'Default') ??
      this.addExperiment({
        displayName: 'Default',
        createdAt: this.writeTime(),
        namespace: this.instance.multiUser?.namespace,
      })
    );
  }

  // --- writes ----------------------------------------------------------------------------

  createRun(
    options: CreateKubeflowRunOptions,
    parameters: Record<string, unknown>,
    experiment: KubeflowExperiment,
  ): KubeflowRun {
    this.createdRuns++;
    const now = this.writeTime();
    const run: KubeflowRun = {
      runId: ids.createdRun(this.createdRuns, options.displayName),
      displayName: options.displayName,
      experimentId: experiment.experimentId,
      pipelineId: options.pipelineId,
      pipelineVersionId: options.pipelineVersionId,
      state: 'PENDING',
      createdAt: now,
      scheduledAt: now,
      parameters,
      tasks: [],
    };
    this.runs.set(run.runId, run);
    experiment.lastRunCreatedAt = now;
    return run;
  }

  uploadPipeline(
    names: { displayName: string; name: string },
    description: string | undefined,
    spec: Spec,
  ): KubeflowPipeline {
    const { displayName, name } = names;
    let pipelineId = ids.pipeline(displayName);
    // The same name may be taken in another namespace.
    for (let n = 2; this.pipelines.has(pipelineId); n++) {
      pipelineId = ids.pipeline(`${displayName}#${n}`);
    }
    const namespace = this.instance.multiUser?.namespace;
    const pipeline: KubeflowPipeline = {
      pipelineId,
      displayName,
      name,
      createdAt: this.writeTime(),
      ...(description?.trim() && { description }),
      ...(namespace && { namespace }),
    };
    this.pipelines.set(pipelineId, pipeline);
    this.versions.set(pipelineId, []);
    // KFP names the first version after the pipeline.
    this.uploadVersion(pipeline, names, description, spec);
    return pipeline;
  }

  uploadVersion(
    pipeline: KubeflowPipeline,
    names: { displayName: string; name: string },
    description: string | undefined,
    spec: Spec,
  ): KubeflowPipelineVersion {
    const { displayName, name } = names;
    const versions = this.versions.get(pipeline.pipelineId)!;
    const version: KubeflowPipelineVersion = {
      pipelineId: pipeline.pipelineId,
      pipelineVersionId: ids.version(
        `${pipeline.pipelineId}#${versions.length + 1}`,
        displayName,
      ),
      displayName,
      name,
      createdAt: this.writeTime(),
      parameters: spec.parameters,
      tasks: spec.tasks,
      ...(description?.trim() && { description }),
    };
    this.versionIds.add(version.pipelineVersionId);
    versions.push(version);
    return version;
  }

  private seedTime(): string {
    return iso(SEED_CLOCK_START + ++this.seedTicks * 1000);
  }

  private writeTime(): string {
    return iso(WRITE_CLOCK_START + ++this.writeTicks * 1000);
  }

  private claim(
    map: Map<string, { displayName: string }>,
    id: string,
    what: string,
    key: string,
  ): void {
    const taken = map.get(id);
    if (taken) {
      throw new Error(
        `FakeKubeflow already has ${what} ${id} ('${taken.displayName}'); give the seed a ${key}`,
      );
    }
  }
}
