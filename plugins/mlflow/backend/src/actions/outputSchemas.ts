import { MLFLOW_STAGES, MlflowStage } from '@mlops-portal/plugin-mlflow-common';
import {
  instanceErrorOutputSchema,
  instancesOutputSchema,
} from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';

// The view models of @mlops-portal/plugin-mlflow-common's api.ts, as the actions registry needs
// them: agents read the JSON schema made from these, and outputs are checked against them.

/**
 * A map with any key, values checked by `value`. Not `z.record`: zod drops `__proto__` keys from
 * what it parses, and an alias, tag, param or metric may be called that.
 */
function map<T extends z.ZodTypeAny>(value: T, description: string) {
  return z
    .custom<Record<string, z.infer<T>>>(
      input =>
        typeof input === 'object' &&
        input !== null &&
        !Array.isArray(input) &&
        Object.values(input).every(item => value.safeParse(item).success),
      { message: `expected ${description}` },
    )
    .describe(description);
}

const target = z
  .object({
    instance: z.string(),
    majorVersion: z.union([z.literal(2), z.literal(3)]),
    uiUrl: z.string(),
    experiment: z.string().optional(),
    registeredModel: z.string().optional(),
  })
  .describe('Where the entity’s MLflow data lives');

const runStatus = z.enum([
  'RUNNING',
  'SCHEDULED',
  'FINISHED',
  'FAILED',
  'KILLED',
]);

const runSummary = z.object({
  runId: z.string(),
  runName: z.string().optional(),
  experimentId: z.string(),
  status: runStatus,
  startTime: z.number().optional().describe('Epoch milliseconds'),
  endTime: z
    .number()
    .optional()
    .describe('Epoch milliseconds; absent while running'),
  durationMs: z.number().optional(),
  user: z.string().optional(),
  metrics: map(
    z.number().nullable(),
    'Metric key → latest value (null when not finite)',
  ),
  params: map(z.string(), 'Param key → value'),
  tags: map(z.string(), 'Tag key → value'),
  url: z.string().describe('The run in the MLflow UI'),
});

const metricPoint = z.object({
  step: z.number(),
  value: z.number().nullable(),
  timestamp: z.number(),
});

const runDetail = runSummary.extend({
  metricHistories: map(
    z.array(metricPoint),
    'Metric key → every logged point ({ step, value, timestamp }), ordered by step',
  ),
});

const modelVersion = z.object({
  version: z.string(),
  stage: z.enum(MLFLOW_STAGES as [MlflowStage, ...MlflowStage[]]).optional(),
  status: z.enum(['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY']),
  statusMessage: z.string().optional(),
  aliases: z.array(z.string()),
  tags: map(z.string(), 'Tag key → value'),
  description: z.string().optional(),
  runId: z.string().optional(),
  runUrl: z.string().optional(),
  source: z.string().optional(),
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
});

const model = z.object({
  name: z.string(),
  description: z.string().optional(),
  tags: map(z.string(), 'Tag key → value'),
  aliases: map(z.string(), 'Alias → version'),
  versions: z.array(modelVersion).describe('Newest first'),
  url: z.string(),
  stagesSupported: z.boolean(),
});

/** Output schemas of the MLflow actions, one per operation. */
export const actionOutputSchemas = {
  instances: instancesOutputSchema,
  runs: z.object({
    target: target.optional(),
    experiment: z
      .object({ id: z.string(), name: z.string(), url: z.string() })
      .optional(),
    items: z.array(runSummary),
    nextPageToken: z
      .string()
      .optional()
      .describe('Pass back as pageToken for the next page'),
    errors: z.array(instanceErrorOutputSchema),
  }),
  run: z.object({
    target: target.optional(),
    item: runDetail.optional(),
    errors: z.array(instanceErrorOutputSchema),
  }),
  compare: z.object({
    target: target.optional(),
    items: z.array(runDetail),
    errors: z.array(instanceErrorOutputSchema),
  }),
  model: z.object({
    target: target.optional(),
    item: model.optional(),
    authority: z
      .object({
        entityRef: z
          .string()
          .optional()
          .describe('Whose owners may change the model'),
        reason: z.string().optional(),
      })
      .optional(),
    errors: z.array(instanceErrorOutputSchema),
  }),
  write: z.object({ item: model.describe('The model after the change') }),
};
