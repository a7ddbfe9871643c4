import {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import { validate } from 'jsonschema';
import yaml from 'yaml';
import { createTestContext } from './actionContext';

type ExampleStep = { id: string; action: string; input: JsonObject };

/** One step of an example as it ran: its input and what it output. */
export type ExampleStepRun = ExampleStep & {
  outputs: Record<string, JsonValue>;
};

/**
 * Runs every step of an example as the task runner would: the input checked against the
 * action's JSON schema, then the handler; references to step outputs elsewhere in the example
 * (`${{ steps["id"].output.name }}`) must name an output the step produced.
 */
export async function runExample(
  example: TemplateExample,
  actions: TemplateAction<any, any, any>[],
): Promise<ExampleStepRun[]> {
  const { steps } = yaml.parse(example.example) as { steps: ExampleStep[] };
  const runs: ExampleStepRun[] = [];
  for (const step of steps) {
    const action = actions.find(candidate => candidate.id === step.action);
    if (!action) {
      throw new Error(`The example uses the unknown action ${step.action}`);
    }
    const result = validate(step.input, action.schema!.input!);
    if (!result.valid) {
      throw new Error(
        `Step ${
          step.id
        } has input the task runner refuses: ${result.errors.join(', ')}`,
      );
    }
    const { ctx, outputs } = createTestContext(step.input);
    await action.handler(ctx);
    runs.push({ ...step, outputs });
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
