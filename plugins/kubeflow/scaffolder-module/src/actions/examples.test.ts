import { fakePipelineSpec } from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { runExample } from '@mlops-portal/plugin-mlops-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Schema, validate } from 'jsonschema';
import {
  createFakeActions,
  createTestContext,
} from '../__testUtils__/testActions';
import { examples as uploadExamples } from './kubeflowPipelineUpload.examples';
import { examples as runExamples } from './kubeflowRunCreate.examples';

const cases = (
  [
    ['kubeflow:pipeline:upload', uploadExamples],
    ['kubeflow:run:create', runExamples],
  ] as const
).flatMap(([id, examples]) =>
  examples.map(example => [id, example.description, example] as const),
);

/** What the project's `pipeline/pipeline.yaml` declares: one optional parameter. */
const projectSpec = fakePipelineSpec('churn-model-training', {
  parameters: [{ name: 'rows', type: 'NUMBER_INTEGER', optional: true }],
});

describe('the examples in the template editor', () => {
  it('has at least three for each action', () => {
    expect(uploadExamples.length).toBeGreaterThanOrEqual(3);
    expect(runExamples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)('%s: %s', async (_, __, example) => {
    const actions = createFakeActions();
    const runs = await runExample(
      example,
      [
        { ...actions.upload, schema: actions.upload.schema },
        { ...actions.run, schema: actions.run.schema },
      ],
      {
        createContext: (input: JsonObject) =>
          createTestContext(input, {
            files: { 'pipeline/pipeline.yaml': projectSpec },
          }),
        validate: (input, schema) =>
          validate(input, schema as Schema).errors.map(String),
      },
    );

    expect(runs.length).toBeGreaterThan(0);
    const writes = actions.fakes.flatMap(fake => fake.writes());
    // Every step of every example changes something upstream, and says it did.
    expect(writes).toHaveLength(runs.length);
    for (const run of runs) {
      expect(run.outputs.pipelineCreated ?? run.outputs.created).toBe(true);
      expect(run.outputs.url).toMatch(
        /^https:\/\/.*#\/(pipelines|runs)\/details\//,
      );
    }
  });
});
