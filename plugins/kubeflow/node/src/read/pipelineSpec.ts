import {
  KUBEFLOW_PARAMETER_TYPES,
  KubeflowParameterSpec,
  KubeflowParameterType,
} from '@mlops-portal/plugin-kubeflow-common';
import { KubeflowSpecTask } from '../KubeflowApi';
import {
  asObject,
  isBoolean,
  isObject,
  isString,
  JsonObject,
  list,
  MalformedAnswer,
  nested,
  nonEmptyText,
  optional,
  text,
  within,
} from './fields';

/** What the portal reads of a pipeline version's spec. */
export interface PipelineSpecSummary {
  parameters: KubeflowParameterSpec[];
  tasks: KubeflowSpecTask[];
}

const NOTHING_DECLARED: PipelineSpecSummary = { parameters: [], tasks: [] };

/** The parameter types of pipeline specs compiled before KFP SDK 2 (schema 2.0.0's `type`). */
const LEGACY_PARAMETER_TYPES: Record<string, KubeflowParameterType> = {
  STRING: 'STRING',
  INT: 'NUMBER_INTEGER',
  DOUBLE: 'NUMBER_DOUBLE',
};

/**
 * Reads a version's `pipeline_spec`: KFP hands out the PipelineSpec itself, or
 * `{ pipeline_spec, platform_spec }` when the uploaded file carried a platform spec. A v1
 * pipeline's spec is an Argo Workflow, whose `spec.arguments.parameters` are strings.
 *
 * @internal
 */
export function readPipelineSpec(spec: JsonObject): PipelineSpecSummary {
  if (spec.root === undefined && isObject(spec.pipeline_spec)) {
    const inner = spec.pipeline_spec;
    return within('pipeline_spec', () => readPipelineSpec(inner));
  }
  if (spec.kind === 'Workflow') {
    return {
      parameters:
        nested(
          spec,
          'spec',
          workflow =>
            nested(workflow, 'arguments', args =>
              list(args, 'parameters', readWorkflowParameter),
            ) ?? [],
        ) ?? [],
      tasks: [],
    };
  }
  return nested(spec, 'root', readRoot) ?? NOTHING_DECLARED;
}

function readRoot(root: JsonObject): PipelineSpecSummary {
  const declared =
    nested(root, 'inputDefinitions', inputs =>
      nested(inputs, 'parameters', readParameters),
    ) ?? [];
  const tasks =
    nested(root, 'dag', dag => nested(dag, 'tasks', readTasks)) ?? [];
  return { parameters: declared, tasks };
}

function readParameters(parameters: JsonObject): KubeflowParameterSpec[] {
  return Object.entries(parameters).map(([name, value]) =>
    within(name, () => readParameter(name, asObject(value))),
  );
}

/** `ComponentInputsSpec.ParameterSpec`: a default makes a parameter optional. */
function readParameter(name: string, o: JsonObject): KubeflowParameterSpec {
  const defaultValue = o.defaultValue ?? undefined;
  const declaredOptional = optional(o, 'isOptional', isBoolean, 'a boolean');
  const description = nonEmptyText(o, 'description');
  return {
    name,
    type: readParameterType(o),
    optional: declaredOptional === true || defaultValue !== undefined,
    ...(defaultValue !== undefined && { defaultValue }),
    ...(description !== undefined && { description }),
  };
}

function readParameterType(o: JsonObject): KubeflowParameterType {
  const type = text(o, 'parameterType');
  if (type !== undefined) {
    if (!(KUBEFLOW_PARAMETER_TYPES as readonly string[]).includes(type)) {
      throw new MalformedAnswer(
        `is ${JSON.stringify(type)}, not one of ${KUBEFLOW_PARAMETER_TYPES.join(
          ', ',
        )}`,
        ['parameterType'],
      );
    }
    return type as KubeflowParameterType;
  }
  const legacy = text(o, 'type');
  if (legacy === undefined) {
    throw new MalformedAnswer('is missing', ['parameterType']);
  }
  const mapped = LEGACY_PARAMETER_TYPES[legacy];
  if (!mapped) {
    throw new MalformedAnswer(
      `is ${JSON.stringify(legacy)}, not one of ${Object.keys(
        LEGACY_PARAMETER_TYPES,
      ).join(', ')}`,
      ['type'],
    );
  }
  return mapped;
}

function readTasks(tasks: JsonObject): KubeflowSpecTask[] {
  return Object.entries(tasks).map(([name, value]) =>
    within(name, () => {
      const task = asObject(value);
      return {
        name,
        displayName:
          nested(task, 'taskInfo', info => nonEmptyText(info, 'name')) ?? name,
        dependsOn: list(task, 'dependentTasks', readTaskName),
      };
    }),
  );
}

function readTaskName(value: unknown): string {
  if (!isString(value) || value === '') {
    throw new MalformedAnswer(
      `is ${
        value === '' ? 'empty' : JSON.stringify(value) ?? 'missing'
      }, not a task name`,
    );
  }
  return value;
}

/** An Argo Workflow argument `{ name, value }`: a string, optional when it has a value. */
function readWorkflowParameter(value: unknown): KubeflowParameterSpec {
  const o = asObject(value);
  const name = nonEmptyText(o, 'name');
  if (!name) {
    throw new MalformedAnswer('is missing', ['name']);
  }
  const defaultValue = text(o, 'value');
  return {
    name,
    type: 'STRING',
    optional: defaultValue !== undefined,
    ...(defaultValue !== undefined && { defaultValue }),
  };
}
