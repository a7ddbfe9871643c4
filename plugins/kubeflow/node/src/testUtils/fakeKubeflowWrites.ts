import { InputError, NotFoundError } from '@backstage/errors';
import { runParameterProblems } from '@mlops-portal/plugin-kubeflow-common';
import type {
  CreateKubeflowRunOptions,
  KubeflowExperiment,
  KubeflowInstanceConfig,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
  UploadKubeflowPipelineOptions,
  UploadKubeflowPipelineVersionOptions,
} from '@mlops-portal/plugin-kubeflow-node';
import { upstreamError, type FakeKubeflowMethod } from './fakeKubeflowCalls';
import type { SpecReader } from './fakeKubeflowSeed';
import type { FakeKubeflowStore } from './fakeKubeflowStore';

/**
 * The writes of a `FakeKubeflow`, with the checks the real client makes before it sends one
 * (names, declared parameters) and those KFP makes when it gets one (unknown ids, taken names).
 *
 * @internal
 */
export class FakeKubeflowWriter {
  constructor(
    private readonly instance: KubeflowInstanceConfig,
    private readonly store: FakeKubeflowStore,
    private readonly readSpec: SpecReader,
  ) {}

  createRun(options: CreateKubeflowRunOptions, args: unknown[]): KubeflowRun {
    requireText(options.displayName, 'run name');
    const { pipelineId, pipelineVersionId } = options;
    const version = this.store.requireVersion(
      'createRun',
      args,
      pipelineId,
      pipelineVersionId,
    );
    // As the client sends them: a null value is left out, as KFP reads it.
    const parameters = Object.fromEntries(
      Object.entries(options.parameters ?? {}).filter(
        ([, value]) => value !== null && value !== undefined,
      ),
    );
    // The real client reads the version and checks the parameters before it sends anything.
    const problems = runParameterProblems(version.parameters, parameters);
    if (problems.length > 0) {
      throw new InputError(
        `Cannot start a run of pipeline version '${version.displayName}' (${pipelineVersionId}) on ` +
          `kubeflow instance '${this.instance.name}': ${problems.join('; ')}`,
      );
    }
    const experiment = this.runExperiment(options.experimentId, args);
    return this.store.createRun(options, parameters, experiment);
  }

  setRecurringRunEnabled(
    recurringRunId: string,
    enabled: boolean,
    args: unknown[],
  ): KubeflowRecurringRun {
    const recurringRun = this.store.requireRecurringRun(
      'setRecurringRunEnabled',
      args,
      recurringRunId,
    );
    recurringRun.enabled = enabled;
    return recurringRun;
  }

  uploadPipeline(
    options: UploadKubeflowPipelineOptions,
    args: unknown[],
  ): KubeflowPipeline {
    const names = uploadNames(options, 'pipeline name');
    checkPipelineFile(options);
    // KFP keeps `name` unique in a namespace.
    if (this.store.pipelineByName(names.name)) {
      throw this.conflict(
        'uploadPipeline',
        args,
        `Failed to create a new pipeline. The name ${names.name} already exist. Please specify a new name`,
      );
    }
    const spec = this.readUploadedSpec('uploadPipeline', args, options);
    return this.store.uploadPipeline(names, options.description, spec);
  }

  uploadPipelineVersion(
    options: UploadKubeflowPipelineVersionOptions,
    args: unknown[],
  ): KubeflowPipelineVersion {
    const names = uploadNames(options, 'version name');
    checkPipelineFile(options);
    const pipeline = this.store.requirePipeline(
      'uploadPipelineVersion',
      args,
      requireText(options.pipelineId, 'pipeline id'),
    );
    const versions = this.store.versionsOf(pipeline.pipelineId)!;
    if (versions.some(version => version.name === names.name)) {
      throw this.conflict(
        'uploadPipelineVersion',
        args,
        `Failed to create a new pipeline version. The name ${names.name} already exist in pipeline ${pipeline.pipelineId}. Please specify a new name`,
      );
    }
    const spec = this.readUploadedSpec('uploadPipelineVersion', args, options);
    return this.store.uploadVersion(pipeline, names, options.description, spec);
  }

  private conflict(
    method: FakeKubeflowMethod,
    args: unknown[],
    message: string,
  ): Error {
    return upstreamError(
      this.instance.name,
      method,
      args,
      409,
      `Already exist error: ${message}`,
    );
  }

  /** The experiment a new run goes into: the one named, else the instance's default, else KFP's `Default`. */
  private runExperiment(
    experimentId: string | undefined,
    args: unknown[],
  ): KubeflowExperiment {
    if (experimentId !== undefined) {
      return this.store.requireExperiment('createRun', args, experimentId);
    }
    // Config names it by id or by name, as the real client reads it.
    const configured = this.instance.defaultExperiment;
    if (configured === undefined) {
      return this.store.kfpDefaultExperiment();
    }
    const byId = this.store.experiment(configured);
    if (byId) {
      return byId;
    }
    const byName = this.store
      .visibleExperiments()
      .find(e => e.displayName === configured);
    if (!byName) {
      throw new NotFoundError(
        `kubeflow instance '${this.instance.name}' has no experiment '${configured}' ` +
          `(its defaultExperiment); create it, or name the experiment of the run`,
      );
    }
    return byName;
  }

  /** The parameters and tasks an upload declares; a spec KFP cannot read is its 400. */
  private readUploadedSpec(
    method: FakeKubeflowMethod,
    args: unknown[],
    upload: { content: string },
  ): Pick<KubeflowPipelineVersion, 'parameters' | 'tasks'> {
    try {
      return this.readSpec(upload.content);
    } catch (error) {
      throw upstreamError(
        this.instance.name,
        method,
        args,
        400,
        (error as Error).message,
      );
    }
  }
}

/** What the real client refuses as an id or a name: anything blank. */
function requireText(value: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${what} must not be empty`);
  }
  return value;
}

/** An upload's `display_name`, and its `name` (the display name unless given). */
function uploadNames(
  options: { displayName: string; name?: string },
  what: string,
): { displayName: string; name: string } {
  const displayName = requireText(options.displayName, what);
  const name =
    options.name === undefined ? displayName : requireText(options.name, what);
  return { displayName, name };
}

/** The pipeline file as the real client checks it: a non-empty spec named `*.yaml|yml|json`. */
function checkPipelineFile(options: { content: string; fileName: string }) {
  if (typeof options.content !== 'string' || options.content.trim() === '') {
    throw new InputError(
      'content must be the compiled pipeline spec, not empty',
    );
  }
  const fileName = requireText(options.fileName, 'fileName');
  if (!/\.(?:ya?ml|json)$/i.test(fileName) || /[\\/]/.test(fileName)) {
    throw new InputError(
      `fileName must be a file name ending in .yaml, .yml, .json, got ${JSON.stringify(
        fileName,
      )}`,
    );
  }
}
