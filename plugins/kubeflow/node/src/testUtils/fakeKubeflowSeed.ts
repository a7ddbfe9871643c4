import { InputError } from '@backstage/errors';
import type { KubeflowParameterSpec } from '@mlops-portal/plugin-kubeflow-common';
import type {
  KubeflowExperiment,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
  KubeflowSpecTask,
} from '@mlops-portal/plugin-kubeflow-node';
import { createHash } from 'node:crypto';
import { MalformedAnswer } from '../read/fields';
import { readPipelineSpec } from '../read/pipelineSpec';

/**
 * A pipeline version as a test describes it to a `FakeKubeflow`; what is left out is derived
 * (the id from the names, `createdAt` from the fake's clock, no parameters, no tasks).
 *
 * @public
 */
export interface FakeKubeflowVersionSeed {
  /** Defaults to `fakeKubeflowIds.version(pipeline display name, version display name)`. */
  pipelineVersionId?: string;
  /** The version's name. */
  displayName: string;
  /** Its `name`, unique within the pipeline; defaults to the display name. */
  name?: string;
  /** Its description. */
  description?: string;
  /** ISO 8601; defaults to the next tick of the fake's seed clock (seed order is creation order). */
  createdAt?: string;
  /** The input parameters its spec declares, which `createRun` checks. */
  parameters?: KubeflowParameterSpec[];
  /** The tasks of its graph, in spec order. */
  tasks?: KubeflowSpecTask[];
}

/**
 * A pipeline, with its versions (oldest first), as a test describes it to a `FakeKubeflow`.
 *
 * @public
 */
export interface FakeKubeflowPipelineSeed {
  /** Defaults to `fakeKubeflowIds.pipeline(displayName)`. */
  pipelineId?: string;
  /** The pipeline's name. */
  displayName: string;
  /** KFP's unique `name`; defaults to the display name. */
  name?: string;
  /** Its description. */
  description?: string;
  /** ISO 8601; defaults to the next tick of the fake's seed clock. */
  createdAt?: string;
  /** Its profile namespace; absent for a shared pipeline. */
  namespace?: string;
  /** Its versions, oldest first. */
  versions?: FakeKubeflowVersionSeed[];
}

/**
 * An experiment as a test describes it; the id defaults to `fakeKubeflowIds.experiment(displayName)`.
 *
 * @public
 */
export type FakeKubeflowExperimentSeed = Partial<KubeflowExperiment> &
  Pick<KubeflowExperiment, 'displayName'>;

/**
 * A run as a test describes it; the id defaults to `fakeKubeflowIds.run(displayName, '')`, the
 * tasks to none.
 *
 * @public
 */
export type FakeKubeflowRunSeed = Partial<KubeflowRun> &
  Pick<KubeflowRun, 'displayName'>;

/**
 * A recurring run as a test describes it; the id defaults to
 * `fakeKubeflowIds.recurringRun(displayName)`, `enabled` to true.
 *
 * @public
 */
export type FakeKubeflowRecurringRunSeed = Partial<KubeflowRecurringRun> &
  Pick<KubeflowRecurringRun, 'displayName'>;

/**
 * What a `FakeKubeflow` holds at the start.
 *
 * @public
 */
export interface FakeKubeflowSeed {
  /** Pipelines with their versions. */
  pipelines?: FakeKubeflowPipelineSeed[];
  /** Experiments. */
  experiments?: FakeKubeflowExperimentSeed[];
  /** Runs (of the pipelines' versions, by id). */
  runs?: FakeKubeflowRunSeed[];
  /** Recurring runs. */
  recurringRuns?: FakeKubeflowRecurringRunSeed[];
}

/** An RFC 4122 shaped UUID derived from a label, exactly as the sandbox derives its ids. */
function stableUuid(label: string): string {
  const hex = createHash('sha1')
    .update(`uuid:${label}`)
    .digest('hex')
    .slice(0, 32)
    .split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

/**
 * The ids a `FakeKubeflow` gives objects seeded without one: derived from their names the way
 * the sandbox derives the ids of its story, so a fake's story and the sandbox's agree.
 *
 * @public
 */
export const fakeKubeflowIds = {
  /** A pipeline's id, from its display name. */
  pipeline: (name: string) => stableUuid(`kfp-pipeline:${name}`),
  /** A version's id, from its pipeline's and its own display name. */
  version: (pipeline: string, version: string) =>
    stableUuid(`kfp-pipeline-version:${pipeline}:${version}`),
  /** An experiment's id, from its display name. */
  experiment: (name: string) => stableUuid(`kfp-experiment:${name}`),
  /** A recurring run's id, from its display name. */
  recurringRun: (name: string) => stableUuid(`kfp-recurring-run:${name}`),
  /** A run's id, from its pipeline's display name and a label (the story: its creation time). */
  run: (pipeline: string, label: string) =>
    stableUuid(`kfp-run:${pipeline}:${label}`),
  /** A task's id within a run. */
  task: (runId: string, task: string) =>
    createHash('sha1')
      .update(`kfp-task:${runId}:${task}`)
      .digest('hex')
      .slice(0, 32)
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
  /** The id of the n-th run `createRun` starts (1-based), as the sandbox numbers them. */
  createdRun: (n: number, displayName: string) =>
    stableUuid(`kfp-created-run:${n}:${displayName}`),
};

/**
 * The tasks of a linear pipeline: each waits for the one before.
 *
 * @public
 */
export function linearSpecTasks(names: readonly string[]): KubeflowSpecTask[] {
  return names.map((name, i) => ({
    name,
    displayName: name,
    dependsOn: i > 0 ? [names[i - 1]] : [],
  }));
}

/**
 * The parameters and tasks a version uploaded with this spec declares.
 *
 * @internal
 */
export type SpecReader = (
  content: string,
) => Pick<KubeflowPipelineVersion, 'parameters' | 'tasks'>;

/**
 * Reads a pipeline spec written as JSON as the client reads the spec KFP hands back
 * (`root.inputDefinitions.parameters`, `root.dag.tasks`); any other text (YAML) declares
 * nothing. A spec the client could not read is KFP's 400.
 *
 * @internal
 */
export const readJsonPipelineSpec: SpecReader = content => {
  let spec: unknown;
  try {
    spec = JSON.parse(content);
  } catch {
    return { parameters: [], tasks: [] };
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InputError(
      'Invalid input error: the pipeline spec is not an object',
    );
  }
  try {
    return readPipelineSpec(spec as Record<string, unknown>);
  } catch (error) {
    const problem =
      error instanceof MalformedAnswer
        ? error.describe().replace(/^answer\./, '')
        : String(error);
    throw new InputError(`Invalid input error: pipeline spec: ${problem}`);
  }
};

/**
 * A compiled pipeline spec (the JSON the KFP SDK can write) declaring these parameters and tasks:
 * what a test uploads, and what a `FakeKubeflow` reads back into the new version.
 *
 * @public
 */
export function fakePipelineSpec(
  name: string,
  declares: {
    parameters?: readonly KubeflowParameterSpec[];
    tasks?: readonly KubeflowSpecTask[];
  } = {},
): string {
  const parameters: Record<string, unknown> = {};
  for (const parameter of declares.parameters ?? []) {
    parameters[parameter.name] = {
      parameterType: parameter.type,
      ...(parameter.optional && { isOptional: true }),
      ...(parameter.defaultValue !== undefined && {
        defaultValue: parameter.defaultValue,
      }),
      ...(parameter.description && { description: parameter.description }),
    };
  }
  const tasks: Record<string, unknown> = {};
  for (const task of declares.tasks ?? []) {
    tasks[task.name] = {
      componentRef: { name: `comp-${task.name}` },
      taskInfo: { name: task.displayName },
      ...(task.dependsOn.length > 0 && { dependentTasks: task.dependsOn }),
    };
  }
  return JSON.stringify({
    pipelineInfo: { name },
    root: { dag: { tasks }, inputDefinitions: { parameters } },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.13.0',
  });
}
