import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import { JsonObject, JsonValue } from '@backstage/types';
import type { WriteStepContext } from '@mlops-portal/plugin-mlops-node';

/**
 * Checkpoint storage that behaves like the scaffolder's task runner: a key that succeeded before
 * answers its recorded value without running `fn` again, as on a retried task.
 *
 * @public
 */
export function createCheckpointStore() {
  const values = new Map<string, JsonValue>();
  const checkpoint: WriteStepContext['checkpoint'] = async ({ key, fn }) => {
    if (values.has(key)) {
      return values.get(key) as never;
    }
    const value = await fn();
    // The runner stores `value ?? {}`.
    values.set(key, (value ?? {}) as JsonValue);
    return value;
  };
  return { values, checkpoint };
}

/**
 * Options of {@link testActionContext}.
 *
 * @public
 */
export interface TestActionContextOptions {
  /** Runs the action as a dry run (`ctx.isDryRun`). */
  isDryRun?: boolean;
  /** Checkpoints kept across contexts, as the runner keeps them for a retried task. */
  checkpoints?: ReturnType<typeof createCheckpointStore>;
  /** The task's abort signal (`ctx.signal`). */
  signal?: AbortSignal;
}

/**
 * A scaffolder action context for tests, from a base context (`createMockActionContext` of
 * `@backstage/plugin-scaffolder-node-test-utils`): outputs collected into an object, and
 * optionally a dry run, checkpoint storage shared between contexts, or an abort signal.
 *
 * @public
 */
export function testActionContext<TBase extends object>(
  base: TBase,
  options: TestActionContextOptions = {},
) {
  const outputs: Record<string, JsonValue> = {};
  const ctx = {
    ...base,
    output: jest.fn((name: string, value: JsonValue) => {
      outputs[name] = value;
    }),
    ...(options.checkpoints && { checkpoint: options.checkpoints.checkpoint }),
    ...(options.isDryRun && { isDryRun: true }),
    ...(options.signal && { signal: options.signal }),
  };
  return { ctx, outputs };
}

/**
 * A scaffolder action as {@link runExample} runs it (a `TemplateAction`).
 *
 * @public
 */
export interface ExampleAction {
  /** The action id steps name, e.g. `airflow:dag:trigger`. */
  id: string;
  /** The action's JSON schema; the task runner checks step input against `input`. */
  schema?: { input?: unknown };
  /** Runs the step. */
  handler(ctx: any): Promise<void>;
}

/**
 * One step of a template example as it ran: its input and what it output.
 *
 * @public
 */
export type ExampleStepRun = {
  id: string;
  action: string;
  input: JsonObject;
  outputs: Record<string, JsonValue>;
};

/**
 * Options of {@link runExample}.
 *
 * @public
 */
export interface RunExampleOptions {
  /** A test context for a step's input, with its outputs collected (see {@link testActionContext}). */
  createContext(input: JsonObject): {
    ctx: unknown;
    outputs: Record<string, JsonValue>;
  };
  /** Checks input against an action's JSON schema as the task runner does; the problems, none when valid. */
  validate(input: JsonObject, schema: unknown): string[];
}

/**
 * Runs every step of a template example (an action's `examples` entry) as the task runner
 * would: the YAML read, each step's input checked against its action's JSON schema, then its
 * handler run; references to step outputs elsewhere in the example
 * (`${{ steps["id"].output.name }}`) must name an output the step produced.
 *
 * @remarks
 * The YAML is read by the catalog's reader (`parseEntityYaml`, the `yaml` package underneath,
 * no entity checks): one document, an object with `steps`.
 *
 * @public
 */
export async function runExample(
  example: { description: string; example: string },
  actions: ExampleAction[],
  options: RunExampleOptions,
): Promise<ExampleStepRun[]> {
  const runs: ExampleStepRun[] = [];
  for (const step of readSteps(example)) {
    const action = actions.find(candidate => candidate.id === step.action);
    if (!action) {
      throw new Error(`The example uses the unknown action ${step.action}`);
    }
    // A value that is one step output reference becomes that output, as the task runner does.
    const input = resolveStepOutputs(step.input, runs) as JsonObject;
    const problems = options.validate(input, action.schema?.input);
    if (problems.length > 0) {
      throw new Error(
        `Step ${step.id} has input the task runner refuses: ${problems.join(
          ', ',
        )}`,
      );
    }
    const { ctx, outputs } = options.createContext(input);
    await action.handler(ctx);
    runs.push({ ...step, input, outputs });
  }
  for (const [, id, output] of example.example.matchAll(
    /\$\{\{\s*steps\["([^"]+)"\]\.output\.(\w+)\s*\}\}/g,
  )) {
    const run = runs.find(candidate => candidate.id === id);
    if (run?.outputs[output] === undefined) {
      throw new Error(
        `The example refers to steps["${id}"].output.${output}, which no step produced`,
      );
    }
  }
  return runs;
}

type ExampleStep = Omit<ExampleStepRun, 'outputs'>;

const STEP_OUTPUT = /^\$\{\{\s*steps\["([^"]+)"\]\.output\.(\w+)\s*\}\}$/;

function resolveStepOutputs(
  value: JsonValue,
  runs: ExampleStepRun[],
): JsonValue {
  if (typeof value === 'string') {
    const match = STEP_OUTPUT.exec(value);
    const output =
      match && runs.find(run => run.id === match[1])?.outputs[match[2]];
    return output === undefined || output === null ? value : output;
  }
  if (Array.isArray(value)) {
    return value.map(item => resolveStepOutputs(item, runs));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        resolveStepOutputs(item!, runs),
      ]),
    );
  }
  return value;
}

function readSteps(example: { description: string; example: string }) {
  const documents = [
    ...parseEntityYaml(example.example, {
      type: 'url',
      target: `example: ${example.description}`,
    }),
  ];
  const [document] = documents;
  if (documents.length !== 1 || document.type !== 'entity') {
    throw new Error(
      `The example '${example.description}' is not one YAML document: ${
        document?.type === 'error' ? document.error.message : 'none or several'
      }`,
    );
  }
  const { steps } = document.entity as unknown as { steps?: ExampleStep[] };
  if (!Array.isArray(steps) || steps.length === 0) {
    throw new Error(`The example '${example.description}' has no steps`);
  }
  return steps;
}
