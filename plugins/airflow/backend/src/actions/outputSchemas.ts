import {
  AIRFLOW_RUN_STATES,
  AirflowRunState,
} from '@mlops-portal/plugin-airflow-common';
import {
  instanceErrorOutputSchema,
  instancesOutputSchema,
} from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';

// The view models of @mlops-portal/plugin-airflow-common's api.ts, as the actions registry needs
// them: agents read the JSON schema made from these, and outputs are checked against them.

const errors = z.array(instanceErrorOutputSchema);
const isoDate = (what: string) => z.string().describe(`${what} (ISO 8601)`);

const target = z
  .object({
    instance: z.string(),
    uiUrl: z.string(),
    dagIds: z.array(z.string()),
  })
  .describe('Where the entity’s DAGs live');

const runState = z.enum(
  AIRFLOW_RUN_STATES as [AirflowRunState, ...AirflowRunState[]],
);

const authority = z
  .object({
    entityRef: z
      .string()
      .optional()
      .describe(
        'The ingested airflow-dag Resource whose owners may change the DAG',
      ),
    reason: z
      .string()
      .optional()
      .describe('Why there is none (then only admins may change it)'),
  })
  .describe('Who may trigger, pause or clear the DAG');

const dag = z.object({
  dagId: z.string(),
  displayName: z.string(),
  description: z.string().optional(),
  isPaused: z.boolean(),
  owners: z.array(z.string()),
  tags: z.array(z.string()),
  schedule: z.string().optional(),
  scheduleDescription: z.string().optional(),
  fileloc: z.string().optional(),
  hasImportErrors: z.boolean().optional(),
  url: z.string().describe('The DAG in the Airflow UI'),
  health: z.object({
    lastRunState: runState.optional(),
    lastRunAt: isoDate('When the last run started').optional(),
    nextRunAfter: isoDate('When the next scheduled run is due').optional(),
    failureStreak: z
      .number()
      .describe('How many of the most recent runs failed in a row'),
  }),
  authority,
});

const run = z.object({
  dagId: z.string(),
  runId: z.string(),
  state: runState.optional(),
  runType: z.string().optional(),
  logicalDate: isoDate('The logical date').optional(),
  startDate: isoDate('Start').optional(),
  endDate: isoDate('End; absent while running').optional(),
  durationMs: z.number().optional(),
  note: z.string().optional(),
  url: z.string().describe('The run in the Airflow UI'),
});

const taskInstance = z.object({
  taskId: z.string(),
  displayName: z.string(),
  mapIndex: z.number().describe('-1 for a task that is not mapped'),
  state: z.string().optional(),
  tryNumber: z.number().describe('The current try, from 1'),
  maxTries: z.number().optional(),
  operator: z.string().optional(),
  startDate: isoDate('Start').optional(),
  endDate: isoDate('End').optional(),
  durationMs: z.number().optional(),
  url: z.string().describe('The task instance in the Airflow UI'),
});

/** Output schemas of the actions, one per answer type. */
export const actionOutputSchemas = {
  instances: instancesOutputSchema,
  dags: z.object({ target: target.optional(), items: z.array(dag), errors }),
  runs: z.object({
    target: target.optional(),
    items: z.array(run),
    totalEntries: z.number().optional(),
    errors,
  }),
  taskInstances: z.object({
    target: target.optional(),
    run: run.optional(),
    items: z.array(taskInstance),
    errors,
  }),
  taskLog: z.object({
    target: target.optional(),
    content: z.string().optional(),
    truncated: z.boolean().describe('Whether the beginning was cut'),
    url: z.string().optional(),
    errors,
  }),
  runWrite: z.object({ item: run }),
  dagWrite: z.object({ item: dag }),
};
