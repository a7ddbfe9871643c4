import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import {
  ExampleAction,
  ExampleStepRun,
  runExample as runKitExample,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { Schema, validate } from 'jsonschema';
import { createTestContext } from './actionContext';

export type { ExampleStepRun };

/** The kit's `runExample`, with the task runner's JSON schema check and a mock context. */
export function runExample(
  example: TemplateExample,
  actions: ExampleAction[],
): Promise<ExampleStepRun[]> {
  return runKitExample(example, actions, {
    createContext: createTestContext,
    validate: (input, schema) =>
      validate(input, schema as Schema).errors.map(String),
  });
}
