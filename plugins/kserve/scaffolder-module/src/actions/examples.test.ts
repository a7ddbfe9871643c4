import { JsonObject } from '@backstage/types';
import {
  describeWithContracts,
  expectValid,
  validateInferenceService,
} from '@mlops-portal/contract-testing';
import {
  InferenceServiceObject,
  kserveEntityRefs,
} from '@mlops-portal/plugin-kserve-node';
import { runExample } from '@mlops-portal/plugin-mlops-node/testUtils';
import { Schema, validate } from 'jsonschema';
import yaml from 'yaml';
import {
  createFakeActions,
  createTestContext,
  newManifest,
} from '../__testUtils__/testActions';
import { examples } from './applyInferenceService.examples';

/** What `fetch:template` would have written for the example that applies the project's file. */
const projectFiles = {
  'deploy/base/inference-service.yaml': `# KServe model server of churn-predictor.\n${yaml.stringify(
    newManifest({ name: 'churn-predictor', namespace: 'customer-insights' }),
  )}`,
};

async function runEach(example: (typeof examples)[number]) {
  const actions = createFakeActions();
  const runs = await runExample(
    example,
    [{ ...actions.apply, schema: actions.apply.schema }],
    {
      createContext: (input: JsonObject) =>
        createTestContext(input, { files: projectFiles }),
      validate: (input, schema) =>
        validate(input, schema as Schema).errors.map(String),
    },
  );
  // What each step applied for real (not its server dry-run).
  const applied = actions.fakes.flatMap(fake =>
    fake.calls
      .filter(
        call =>
          call.method === 'applyInferenceService' &&
          !(call.arg as { dryRun?: boolean }).dryRun,
      )
      .map(call => (call.arg as { manifest: InferenceServiceObject }).manifest),
  );
  return { actions, runs, applied };
}

const cases = examples.map(example => [example.description, example] as const);

describe('the examples in the template editor', () => {
  it('has at least three', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)('%s', async (_, example) => {
    const { actions, runs, applied } = await runEach(example);
    expect(runs.length).toBeGreaterThan(0);
    // Every step applies one InferenceService, and says where and as which entity.
    expect(applied).toHaveLength(runs.length);
    for (const run of runs) {
      expect(run.outputs.resourceVersion).toMatch(/^\d+$/);
      expect(run.outputs.entityRef).toBe(
        kserveEntityRefs(
          actions.clients.instances,
          String(run.outputs.cluster),
          {
            namespace: String(run.outputs.namespace),
            name: String(run.outputs.name),
          },
        ).component,
      );
    }
  });
});

describeWithContracts(
  'the examples apply InferenceServices the KServe CRD accepts',
  () => {
    it.each(cases)('%s', async (_, example) => {
      const { applied } = await runEach(example);
      expect(applied.length).toBeGreaterThan(0);
      for (const manifest of applied) {
        expectValid(validateInferenceService(manifest));
      }
    });
  },
);
