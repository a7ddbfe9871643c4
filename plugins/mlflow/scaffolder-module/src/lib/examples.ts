import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import yaml from 'yaml';

type ExampleStep = {
  action: string;
  id: string;
  name: string;
  input: JsonObject;
};

/**
 * A template snippet for the template editor: its steps, and links to their outputs.
 *
 * @internal
 */
export function templateExample(
  description: string,
  steps: ExampleStep[],
  links?: Array<{ title: string; url: string }>,
): TemplateExample {
  return {
    description,
    example: yaml.stringify({ steps, ...(links && { output: { links } }) }),
  };
}

/**
 * A step `create-experiment` of `mlflow:experiment:create`.
 *
 * @internal
 */
export const experimentStep = (input: JsonObject): ExampleStep => ({
  action: 'mlflow:experiment:create',
  id: 'create-experiment',
  name: 'Create MLflow experiment',
  input,
});

/**
 * A step `register-model` of `mlflow:model:register`.
 *
 * @internal
 */
export const modelStep = (input: JsonObject): ExampleStep => ({
  action: 'mlflow:model:register',
  id: 'register-model',
  name: 'Register MLflow model',
  input,
});
