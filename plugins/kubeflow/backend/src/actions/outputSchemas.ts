import {
  KUBEFLOW_PARAMETER_TYPES,
  KUBEFLOW_RUN_STATES,
  KubeflowParameterType,
  KubeflowRunState,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  instanceErrorOutputSchema,
  instancesOutputSchema,
} from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';

// The view models of @mlops-portal/plugin-kubeflow-common's api.ts, as the actions registry needs
// them: agents read the JSON schema made from these, and outputs are checked against them.

const errors = z.array(instanceErrorOutputSchema);
const isoDate = (what: string) => z.string().describe(`${what} (ISO 8601)`);

const named = z.object({ id: z.string(), name: z.string() });
const target = z
  .object({
    instance: z.string(),
    uiUrl: z.string(),
    pipeline: named
      .optional()
      .describe('The pipeline of kubeflow.org/pipeline'),
    experiment: named
      .optional()
      .describe('The experiment of kubeflow.org/experiment'),
  })
  .describe('Where the entity’s Kubeflow objects live');

const state = z.enum(
  KUBEFLOW_RUN_STATES as [KubeflowRunState, ...KubeflowRunState[]],
);

const authority = z
  .object({
    entityRef: z
      .string()
      .optional()
      .describe(
        'The ingested kubeflow-pipeline Resource whose owners may start runs and toggle recurring runs',
      ),
    reason: z
      .string()
      .optional()
      .describe('Why there is none (then only admins may)'),
  })
  .describe('Who may act on the pipeline');

const parameter = z.object({
  name: z.string(),
  type: z.enum(
    KUBEFLOW_PARAMETER_TYPES as [
      KubeflowParameterType,
      ...KubeflowParameterType[],
    ],
  ),
  optional: z
    .boolean()
    .describe('Whether a run may leave it out (it has a default)'),
  defaultValue: z.unknown().optional(),
  description: z.string().optional(),
});

const version = z.object({
  pipelineVersionId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  createdAt: isoDate('Created').optional(),
  parameters: z
    .array(parameter)
    .describe('The input parameters a run of this version takes'),
  url: z.string().describe('The version in the KFP UI'),
});

const pipeline = z.object({
  pipelineId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  createdAt: isoDate('Created').optional(),
  namespace: z.string().optional(),
  versions: z.array(version).describe('Its versions, newest first'),
  url: z.string().describe('The pipeline in the KFP UI'),
  authority,
});

const run = z.object({
  runId: z.string(),
  name: z.string(),
  state: state.optional(),
  createdAt: isoDate('Created').optional(),
  scheduledAt: isoDate('Started').optional(),
  finishedAt: isoDate('Finished; absent while it runs').optional(),
  durationMs: z.number().optional(),
  pipelineId: z.string().optional(),
  pipelineVersionId: z.string().optional(),
  experimentId: z.string().optional(),
  recurringRunId: z
    .string()
    .optional()
    .describe('The recurring run that started it'),
  parameters: z.record(z.unknown()).optional(),
  error: z.string().optional().describe('Why it failed, as KFP says'),
  url: z.string().describe('The run in the KFP UI'),
});

const task = z.object({
  id: z.string().describe('The task’s name in the pipeline spec'),
  name: z.string(),
  state: state.optional(),
  startedAt: isoDate('Started').optional(),
  finishedAt: isoDate('Finished').optional(),
  durationMs: z.number().optional(),
  error: z.string().optional(),
  dependsOn: z.array(z.string()).describe('Ids of the tasks it waits for'),
});

const recurringRun = z.object({
  recurringRunId: z.string(),
  name: z.string(),
  enabled: z.boolean().describe('Whether it starts runs'),
  schedule: z
    .object({
      cron: z.string().optional().describe('KFP cron, with seconds'),
      intervalSeconds: z.number().optional(),
      startTime: isoDate('From').optional(),
      endTime: isoDate('Until').optional(),
    })
    .optional(),
  maxConcurrency: z.number().optional(),
  pipelineVersionId: z.string().optional(),
  experimentId: z.string().optional(),
  createdAt: isoDate('Created').optional(),
  url: z.string().describe('The recurring run in the KFP UI'),
});

const experiment = z.object({
  experimentId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  createdAt: isoDate('Created').optional(),
  lastRunCreatedAt: isoDate('When its last run was created').optional(),
  archived: z.boolean(),
  url: z.string().describe('The experiment in the KFP UI'),
});

/**
 * Output schemas of the actions, one per answer type.
 *
 * @internal
 */
export const actionOutputSchemas = {
  instances: instancesOutputSchema,
  pipeline: z.object({
    target: target.optional(),
    pipeline: pipeline.optional(),
    errors,
  }),
  runs: z.object({
    target: target.optional(),
    items: z.array(run),
    nextPageToken: z
      .string()
      .optional()
      .describe('Pass as pageToken for the next page; absent on the last'),
    totalSize: z.number().optional(),
    errors,
  }),
  runGraph: z.object({ run, tasks: z.array(task) }),
  recurringRuns: z.object({
    target: target.optional(),
    items: z.array(recurringRun),
    authority: authority.optional(),
    errors,
  }),
  experiments: z.object({
    target: target.optional(),
    items: z.array(experiment),
    errors,
  }),
  run,
  recurringRun,
};
