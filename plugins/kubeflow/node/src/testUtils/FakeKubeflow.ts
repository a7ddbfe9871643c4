import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import type {
  CreateKubeflowRunOptions,
  KubeflowApi,
  KubeflowClients,
  KubeflowExperiment,
  KubeflowHealth,
  KubeflowInstanceConfig,
  KubeflowListOptions,
  KubeflowPage,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
  KubeflowRunListOptions,
  UploadKubeflowPipelineOptions,
  UploadKubeflowPipelineVersionOptions,
} from '@mlops-portal/plugin-kubeflow-node';
import { prefetchPages } from '@mlops-portal/plugin-mlops-node';
import { mockInstanceClients } from '@mlops-portal/plugin-mlops-node/testUtils';
import { kubeflowInstanceConfig } from './builders';
import {
  CallLog,
  KUBEFLOW_WRITE_METHODS,
  type FakeKubeflowCall,
  type FakeKubeflowFailure,
  type FakeKubeflowMethod,
} from './fakeKubeflowCalls';
import { FakeKubeflowReader } from './fakeKubeflowReads';
import {
  readJsonPipelineSpec,
  type FakeKubeflowExperimentSeed,
  type FakeKubeflowPipelineSeed,
  type FakeKubeflowRecurringRunSeed,
  type FakeKubeflowRunSeed,
  type FakeKubeflowSeed,
  type FakeKubeflowVersionSeed,
} from './fakeKubeflowSeed';
import { FakeKubeflowStore } from './fakeKubeflowStore';
import { kubeflowStorySeed } from './fakeKubeflowStory';
import { FakeKubeflowWriter } from './fakeKubeflowWrites';

export {
  KUBEFLOW_WRITE_METHODS,
  type FakeKubeflowCall,
  type FakeKubeflowFailure,
  type FakeKubeflowMethod,
} from './fakeKubeflowCalls';
export {
  fakeKubeflowIds,
  fakePipelineSpec,
  linearSpecTasks,
  type FakeKubeflowExperimentSeed,
  type FakeKubeflowPipelineSeed,
  type FakeKubeflowRecurringRunSeed,
  type FakeKubeflowRunSeed,
  type FakeKubeflowSeed,
  type FakeKubeflowVersionSeed,
} from './fakeKubeflowSeed';
export { KUBEFLOW_STORY, kubeflowStorySeed } from './fakeKubeflowStory';

/**
 * What a {@link FakeKubeflow} is and holds at the start.
 *
 * @public
 */
export interface FakeKubeflowOptions extends FakeKubeflowSeed {
  /** The instance; `kubeflowInstanceConfig`'s defaults (page size 100, single-user) otherwise. */
  instance?: Partial<KubeflowInstanceConfig>;
  /** How long each call takes, in milliseconds (0, the default: the next microtask). */
  latencyMs?: number;
  /**
   * Reads an uploaded spec's parameters and tasks; by default JSON specs are read and any other
   * text (YAML) declares none.
   */
  readPipelineSpec?: (
    content: string,
  ) => Pick<KubeflowPipelineVersion, 'parameters' | 'tasks'>;
}

/**
 * A Kubeflow Pipelines instance in memory behind the client interface, for the tests of every
 * Kubeflow package.
 *
 * @remarks
 * Lists page as KFP does (opaque page tokens, `pageSize` capped at the instance's, `totalSize`),
 * filter on `display_name`, `pipeline_version_id`, `state` and the other keys KFP knows for the
 * object (an unknown key is KFP's 400) and sort by `sortBy` (`created_at` by default); on a
 * multi-user instance only its namespace's objects are listed. `createRun` checks the parameters
 * with `runParameterProblems` before it stores anything, as the real client does; uploads refuse
 * a taken name (409). Unknown ids are `NotFoundError`s, and every error is the one the real client
 * throws (`kubeflow instance '<name>': GET /apis/v2beta1/… failed with 404 …`). Every call is
 * recorded (`calls`, `writes()`), any one can be made to fail (`failCall`, `failMethod`), and
 * answers are copies: changing one changes nothing stored. `listPipelinePages` is recorded once,
 * and each page it reads as a `listPipelines` call.
 *
 * @public
 */
export class FakeKubeflow implements KubeflowApi {
  /** The instance it is. */
  readonly instance: KubeflowInstanceConfig;
  private readonly log: CallLog;
  private readonly store: FakeKubeflowStore;
  private readonly reader: FakeKubeflowReader;
  private readonly writer: FakeKubeflowWriter;

  /** A fake holding the sandbox's story ({@link kubeflowStorySeed}), plus whatever else is given. */
  static story(options: FakeKubeflowOptions = {}): FakeKubeflow {
    const story = kubeflowStorySeed();
    return new FakeKubeflow({
      ...options,
      pipelines: [...story.pipelines!, ...(options.pipelines ?? [])],
      experiments: [...story.experiments!, ...(options.experiments ?? [])],
      runs: [...story.runs!, ...(options.runs ?? [])],
      recurringRuns: [
        ...story.recurringRuns!,
        ...(options.recurringRuns ?? []),
      ],
    });
  }

  /** A fake holding the seeded objects. */
  constructor(options: FakeKubeflowOptions = {}) {
    this.instance = kubeflowInstanceConfig({
      uiUrl: 'https://kubeflow.example.com/pipeline',
      ...options.instance,
    });
    this.log = new CallLog(this.instance.name, options.latencyMs ?? 0);
    this.store = new FakeKubeflowStore(this.instance);
    this.reader = new FakeKubeflowReader(this.instance, this.store);
    this.writer = new FakeKubeflowWriter(
      this.instance,
      this.store,
      options.readPipelineSpec ?? readJsonPipelineSpec,
    );
    options.experiments?.forEach(seed => this.store.addExperiment(seed));
    options.pipelines?.forEach(seed => this.store.addPipeline(seed));
    options.recurringRuns?.forEach(seed => this.store.addRecurringRun(seed));
    options.runs?.forEach(seed => this.store.addRun(seed));
  }

  // --- what a test sets up, looks at and breaks ------------------------------------------

  /** Every call so far, in order. */
  get calls(): readonly FakeKubeflowCall[] {
    return this.log.calls;
  }

  /** The calls of one method so far, in order. */
  callsOf(method: FakeKubeflowMethod): FakeKubeflowCall[] {
    return this.log.calls.filter(call => call.method === method);
  }

  /** The write calls so far (runs, recurring run toggles, uploads), refused ones included. */
  writes(): FakeKubeflowCall[] {
    return this.log.calls.filter(call =>
      KUBEFLOW_WRITE_METHODS.includes(call.method),
    );
  }

  /** The most calls of a method that were in flight at once. */
  peakInFlight(method: FakeKubeflowMethod): number {
    return this.log.peakInFlight(method);
  }

  /** Makes the n-th call (1-based, of every method) fail; a status fails it as KFP's answer would. */
  failCall(n: number, failure: FakeKubeflowFailure = 500): this {
    this.log.failCall(n, failure);
    return this;
  }

  /** Makes calls of a method fail: every one, the `nth` (1-based), or the next `times`. */
  failMethod(
    method: FakeKubeflowMethod,
    options: {
      nth?: number;
      times?: number;
      failure?: FakeKubeflowFailure;
    } = {},
  ): this {
    const failure = options.failure ?? 500;
    this.log.failMethod(method, { ...options, failure });
    return this;
  }

  /** Lets every call succeed again. */
  clearFailures(): void {
    this.log.clearFailures();
  }

  /** Every pipeline held, whatever its namespace, in the order they were added. */
  get pipelines(): KubeflowPipeline[] {
    return structuredClone(this.store.allPipelines());
  }

  /** A pipeline's versions, oldest first. */
  versionsOf(pipelineId: string): KubeflowPipelineVersion[] {
    return structuredClone(this.store.versionsOf(pipelineId) ?? []);
  }

  /** Every run held, in the order they were added or created. */
  get runs(): KubeflowRun[] {
    return structuredClone(this.store.allRuns());
  }

  /** Every recurring run held. */
  get recurringRuns(): KubeflowRecurringRun[] {
    return structuredClone(this.store.allRecurringRuns());
  }

  /** Every experiment held. */
  get experiments(): KubeflowExperiment[] {
    return structuredClone(this.store.allExperiments());
  }

  /** Adds a pipeline with its versions, as if uploaded earlier (not a call). */
  addPipeline(seed: FakeKubeflowPipelineSeed): KubeflowPipeline {
    return structuredClone(this.store.addPipeline(seed));
  }

  /** Adds a version to a pipeline (not a call). */
  addPipelineVersion(
    pipelineId: string,
    seed: FakeKubeflowVersionSeed,
  ): KubeflowPipelineVersion {
    return structuredClone(this.store.addVersion(pipelineId, seed));
  }

  /** Adds an experiment (not a call). */
  addExperiment(seed: FakeKubeflowExperimentSeed): KubeflowExperiment {
    return structuredClone(this.store.addExperiment(seed));
  }

  /** Adds a run, as if started earlier (not a call). */
  addRun(seed: FakeKubeflowRunSeed): KubeflowRun {
    return structuredClone(this.store.addRun(seed));
  }

  /** Adds a recurring run (not a call). */
  addRecurringRun(seed: FakeKubeflowRecurringRunSeed): KubeflowRecurringRun {
    return structuredClone(this.store.addRecurringRun(seed));
  }

  /** Changes a run as KFP would while it runs, e.g. `{ state: 'SUCCEEDED', finishedAt }`. */
  updateRun(
    runId: string,
    change: Partial<Omit<KubeflowRun, 'runId'>>,
  ): KubeflowRun {
    const run = this.store.run(runId);
    if (!run) {
      throw new Error(`FakeKubeflow has no run ${runId}`);
    }
    Object.assign(run, structuredClone(change));
    return structuredClone(run);
  }

  // --- KubeflowApi -----------------------------------------------------------------------

  /** `GET /healthz`: multi-user when the instance is. */
  health(): Promise<KubeflowHealth> {
    const multiUser = this.instance.multiUser !== undefined;
    return this.log.answer('health', [], () => ({ multiUser }));
  }

  /** One page of the pipelines (of the instance's namespace on multi-user Kubeflow). */
  listPipelines(
    options: KubeflowListOptions = {},
  ): Promise<KubeflowPage<KubeflowPipeline>> {
    return this.log.answer('listPipelines', [options], () =>
      this.reader.listPipelines(options),
    );
  }

  /** Every page of the pipelines, the next asked for as one arrives (each a `listPipelines` call). */
  listPipelinePages(
    options: Omit<KubeflowListOptions, 'pageToken'> = {},
  ): AsyncGenerator<KubeflowPipeline[], void, undefined> {
    const call = this.log.start('listPipelinePages', [options]);
    this.log.finish(call);
    const failure = call.error;
    if (failure) {
      // eslint-disable-next-line require-yield
      return (async function* failing() {
        throw failure;
      })();
    }
    // The kit's paging, as the real client pages: the next page asked for as one arrives.
    return prefetchPages(pageToken =>
      this.listPipelines({ ...options, pageToken }),
    );
  }

  /** A pipeline by id; `NotFoundError` when there is none. */
  getPipeline(pipelineId: string): Promise<KubeflowPipeline> {
    return this.log.answer('getPipeline', [pipelineId], args =>
      this.reader.getPipeline(pipelineId, args),
    );
  }

  /** A pipeline by KFP's unique `name`; `NotFoundError` when there is none. */
  getPipelineByName(name: string): Promise<KubeflowPipeline> {
    return this.log.answer('getPipelineByName', [name], args =>
      this.reader.getPipelineByName(name, args),
    );
  }

  /** One page of a pipeline's versions. */
  listPipelineVersions(
    pipelineId: string,
    options: KubeflowListOptions = {},
  ): Promise<KubeflowPage<KubeflowPipelineVersion>> {
    return this.log.answer(
      'listPipelineVersions',
      [pipelineId, options],
      args => this.reader.listPipelineVersions(pipelineId, options, args),
    );
  }

  /** One version of a pipeline. */
  getPipelineVersion(
    pipelineId: string,
    pipelineVersionId: string,
  ): Promise<KubeflowPipelineVersion> {
    const args = [pipelineId, pipelineVersionId];
    return this.log.answer('getPipelineVersion', args, () =>
      this.reader.getPipelineVersion(pipelineId, pipelineVersionId, args),
    );
  }

  /** One page of the runs (of an experiment, of a pipeline version). */
  listRuns(
    options: KubeflowRunListOptions = {},
  ): Promise<KubeflowPage<KubeflowRun>> {
    return this.log.answer('listRuns', [options], args =>
      this.reader.listRuns(options, args),
    );
  }

  /** A run, with its task details. */
  getRun(
    runId: string,
    options: { cache?: boolean } = {},
  ): Promise<KubeflowRun> {
    return this.log.answer('getRun', [runId, options], args =>
      this.reader.getRun(runId, args),
    );
  }

  /** Starts a pending run, once its parameters pass the version's declared inputs. */
  createRun(options: CreateKubeflowRunOptions): Promise<KubeflowRun> {
    return this.log.answer('createRun', [options], args =>
      this.writer.createRun(options, args),
    );
  }

  /** One page of the recurring runs (of an experiment). */
  listRecurringRuns(
    options: KubeflowListOptions & { experimentId?: string } = {},
  ): Promise<KubeflowPage<KubeflowRecurringRun>> {
    return this.log.answer('listRecurringRuns', [options], () =>
      this.reader.listRecurringRuns(options),
    );
  }

  /** A recurring run. */
  getRecurringRun(
    recurringRunId: string,
    options: { cache?: boolean } = {},
  ): Promise<KubeflowRecurringRun> {
    return this.log.answer('getRecurringRun', [recurringRunId, options], args =>
      this.reader.getRecurringRun(recurringRunId, args),
    );
  }

  /** Enables or disables a recurring run; the recurring run as it is after. */
  setRecurringRunEnabled(
    recurringRunId: string,
    enabled: boolean,
  ): Promise<KubeflowRecurringRun> {
    const args = [recurringRunId, enabled];
    return this.log.answer('setRecurringRunEnabled', args, () =>
      this.writer.setRecurringRunEnabled(recurringRunId, enabled, args),
    );
  }

  /** One page of the experiments. */
  listExperiments(
    options: KubeflowListOptions = {},
  ): Promise<KubeflowPage<KubeflowExperiment>> {
    return this.log.answer('listExperiments', [options], () =>
      this.reader.listExperiments(options),
    );
  }

  /** An experiment. */
  getExperiment(experimentId: string): Promise<KubeflowExperiment> {
    return this.log.answer('getExperiment', [experimentId], args =>
      this.reader.getExperiment(experimentId, args),
    );
  }

  /** A new pipeline with its first version, named like it; `ConflictError` for a taken name. */
  uploadPipeline(
    options: UploadKubeflowPipelineOptions,
  ): Promise<KubeflowPipeline> {
    return this.log.answer('uploadPipeline', [options], args =>
      this.writer.uploadPipeline(options, args),
    );
  }

  /** A new version of a pipeline; `ConflictError` for a taken name. */
  uploadPipelineVersion(
    options: UploadKubeflowPipelineVersionOptions,
  ): Promise<KubeflowPipelineVersion> {
    return this.log.answer('uploadPipelineVersion', [options], args =>
      this.writer.uploadPipelineVersion(options, args),
    );
  }
}

/**
 * `KubeflowClients` over fakes, the first the default instance; give each fake its own
 * instance name.
 *
 * @public
 */
export function fakeKubeflowClients(...fakes: FakeKubeflow[]): KubeflowClients {
  return mockInstanceClients(KUBEFLOW_SYSTEM, fakes);
}
