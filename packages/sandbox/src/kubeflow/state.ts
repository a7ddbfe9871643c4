import { stableUuid } from '../ids';
import { KFP_NAMES } from '../story/names';
import { KubeflowSeed } from '../story/kubeflow';
import { LogicalClock, isoZ } from '../time';
import { KFP_UNSET_TIME } from './timeline';
import {
  KfpExperiment,
  KfpPipeline,
  KfpPipelineVersion,
  KfpRecurringRun,
  KfpRun,
} from './types';

/** Input of RunService.CreateRun after validation. */
export interface CreateRunInput {
  displayName: string;
  description?: string;
  experimentId?: string;
  pipelineId: string;
  pipelineVersionId: string;
  parameters?: Record<string, unknown>;
  serviceAccount?: string;
}

/** What an upload creates a pipeline version from, after the file was read. */
export interface UploadedVersionInput {
  name: string;
  displayName: string;
  description?: string;
  spec: Record<string, unknown>;
}

/** The KFP API server's database: lists in creation order, indexes by id and name. */
export class KubeflowState {
  readonly pipelines: KfpPipeline[];
  readonly pipelineById = new Map<string, KfpPipeline>();
  readonly versionsByPipeline = new Map<string, KfpPipelineVersion[]>();
  readonly experiments: KfpExperiment[];
  readonly experimentById = new Map<string, KfpExperiment>();
  readonly runs: KfpRun[];
  readonly runById = new Map<string, KfpRun>();
  readonly recurringRuns: KfpRecurringRun[];
  readonly recurringRunById = new Map<string, KfpRecurringRun>();
  private created = 0;

  constructor(seed: KubeflowSeed, private readonly clock: LogicalClock) {
    this.pipelines = [...seed.pipelines];
    for (const p of this.pipelines) {
      this.pipelineById.set(p.pipeline_id, p);
      this.versionsByPipeline.set(p.pipeline_id, []);
    }
    for (const v of seed.versions) {
      this.versionsByPipeline.get(v.pipeline_id)?.push(v);
    }
    this.experiments = [...seed.experiments];
    for (const e of this.experiments)
      this.experimentById.set(e.experiment_id, e);
    this.runs = [...seed.runs];
    for (const r of this.runs) this.runById.set(r.run_id, r);
    this.recurringRuns = [...seed.recurringRuns];
    for (const r of this.recurringRuns)
      this.recurringRunById.set(r.recurring_run_id, r);
  }

  /** A pipeline by its unique name (and namespace, when given). */
  pipelineByName(
    name: string,
    namespace: string | undefined,
  ): KfpPipeline | undefined {
    return this.pipelines.find(
      p => p.name === name && (!namespace || (p.namespace ?? '') === namespace),
    );
  }

  /** The pipeline of exactly this name and namespace (`''` or absent: a shared pipeline). */
  pipelineInNamespace(
    name: string,
    namespace: string | undefined,
  ): KfpPipeline | undefined {
    return this.pipelines.find(
      p => p.name === name && (p.namespace ?? '') === (namespace ?? ''),
    );
  }

  /** A new pipeline with its first version, as `POST /pipelines/upload` creates them. */
  createPipeline(
    input: UploadedVersionInput & { namespace?: string },
  ): KfpPipeline {
    this.created += 1;
    const pipeline: KfpPipeline = {
      pipeline_id: stableUuid(
        `kfp-uploaded-pipeline:${this.created}:${input.name}`,
      ),
      display_name: input.displayName,
      name: input.name,
      created_at: isoZ(this.clock.tick()),
    };
    if (input.description) pipeline.description = input.description;
    if (input.namespace) pipeline.namespace = input.namespace;
    this.pipelines.push(pipeline);
    this.pipelineById.set(pipeline.pipeline_id, pipeline);
    this.versionsByPipeline.set(pipeline.pipeline_id, []);
    this.createPipelineVersion(pipeline, input);
    return pipeline;
  }

  /** A new version of a pipeline, as `POST /pipelines/upload_version` creates it. */
  createPipelineVersion(
    pipeline: KfpPipeline,
    input: UploadedVersionInput,
  ): KfpPipelineVersion {
    this.created += 1;
    const version: KfpPipelineVersion = {
      pipeline_id: pipeline.pipeline_id,
      pipeline_version_id: stableUuid(
        `kfp-uploaded-version:${this.created}:${input.name}`,
      ),
      display_name: input.displayName,
      name: input.name,
      created_at: isoZ(this.clock.tick()),
      pipeline_spec: input.spec,
    };
    if (input.description) version.description = input.description;
    this.versionsByPipeline.get(pipeline.pipeline_id)!.push(version);
    return version;
  }

  /** Enables or disables a recurring run (`:enable` / `:disable`). */
  setRecurringRunEnabled(run: KfpRecurringRun, enabled: boolean): void {
    run.status = enabled ? 'ENABLED' : 'DISABLED';
    run.mode = enabled ? 'ENABLE' : 'DISABLE';
    run.updated_at = isoZ(this.clock.tick());
  }

  /** The default experiment (runs created without experiment_id go there). */
  defaultExperiment(): KfpExperiment {
    return this.experiments.find(
      e => e.display_name === KFP_NAMES.defaultExperiment,
    )!;
  }

  /** Creates a PENDING run, as RunService.CreateRun does before the workflow starts. */
  createRun(input: CreateRunInput): KfpRun {
    this.created += 1;
    const now = isoZ(this.clock.tick());
    const experiment = input.experimentId
      ? this.experimentById.get(input.experimentId)!
      : this.defaultExperiment();
    const run: KfpRun = {
      experiment_id: experiment.experiment_id,
      run_id: stableUuid(
        `kfp-created-run:${this.created}:${input.displayName}`,
      ),
      display_name: input.displayName,
      storage_state: 'AVAILABLE',
      pipeline_version_reference: {
        pipeline_id: input.pipelineId,
        pipeline_version_id: input.pipelineVersionId,
      },
      runtime_config: { parameters: input.parameters ?? {} },
      service_account: input.serviceAccount || 'pipeline-runner',
      created_at: now,
      scheduled_at: now,
      finished_at: KFP_UNSET_TIME,
      state: 'PENDING',
      state_history: [{ update_time: now, state: 'PENDING' }],
    };
    if (input.description) run.description = input.description;
    this.runs.push(run);
    this.runById.set(run.run_id, run);
    experiment.last_run_created_at = now;
    return run;
  }
}
