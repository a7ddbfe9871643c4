import {
  isKubeflowId,
  KUBEFLOW_RUN_STATES,
  KubeflowRunState,
  parseKubeflowName,
} from '@mlops-portal/plugin-kubeflow-common';
import { entityParamsSchema } from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';

// zod's v3 API: Backstage's actions registry takes v3 schemas, and routes and actions share these.

/**
 * Runs per page when the caller does not say.
 *
 * @internal
 */
export const DEFAULT_RUNS_PAGE_SIZE = 25;
/**
 * The largest page of runs a caller may ask for.
 *
 * @internal
 */
export const MAX_RUNS_PAGE_SIZE = 100;
// Page tokens are ours (see service/runPages): short, but KFP's inside may grow with the filter.
const MAX_PAGE_TOKEN = 4096;

// KFP answers an id that is not a UUID with a 400 or a 500 depending on the route; checked here
// so that it is always a 400 naming the field, and no request is sent.
const kfpId = (what: string) =>
  z
    .string()
    .refine(
      isKubeflowId,
      `${what} must be a Kubeflow Pipelines id (a UUID, e.g. 0b8a5e5c-3f7e-4d2a-9c1b-2f4e6a8b0c1d)`,
    );

const runName = z.string().transform((value, ctx) => {
  try {
    return parseKubeflowName(value, 'run name');
  } catch (error) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: error instanceof Error ? error.message : String(error),
    });
    return z.NEVER;
  }
});

/** A JSON object with any keys: not `z.record`, which drops `__proto__` keys. */
const parameters = z
  .custom<Record<string, unknown>>(
    value =>
      typeof value === 'object' && value !== null && !Array.isArray(value),
    { message: 'parameters must be a JSON object, e.g. {"lookback_days": 30}' },
  )
  .describe(
    "The run's parameters: a JSON object of the pipeline version's declared input parameters",
  );

const wholeNumber = (what: string, min: number, max: number) =>
  z.coerce
    .number()
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

/**
 * Route params naming the entity (the kit's).
 *
 * @internal
 */
export { entityParamsSchema };

/**
 * Query of `GET /instances` and of the entity routes that take none.
 *
 * @internal
 */
export const noQuerySchema = z.object({}).strict();

/**
 * Route params naming a run.
 *
 * @internal
 */
export const runParamsSchema = entityParamsSchema.extend({
  runId: kfpId('runId'),
});

/**
 * Route params naming a recurring run.
 *
 * @internal
 */
export const recurringRunParamsSchema = entityParamsSchema.extend({
  recurringRunId: kfpId('recurringRunId'),
});

/**
 * Query of `GET .../runs`.
 *
 * @internal
 */
export const runsQuerySchema = z
  .object({
    state: z
      .enum(KUBEFLOW_RUN_STATES as [KubeflowRunState, ...KubeflowRunState[]])
      .optional()
      .describe('Only runs in this state'),
    pageSize: wholeNumber('pageSize', 1, MAX_RUNS_PAGE_SIZE)
      .optional()
      .describe(
        `Runs per page, 1–${MAX_RUNS_PAGE_SIZE} (default ${DEFAULT_RUNS_PAGE_SIZE})`,
      ),
    pageToken: z
      .string()
      .min(1, 'pageToken must not be empty')
      .max(MAX_PAGE_TOKEN)
      .optional()
      .describe("A previous answer's nextPageToken"),
  })
  .strict();

/**
 * Body of `POST .../runs`.
 *
 * @internal
 */
export const createRunBodySchema = z
  .object({
    pipelineVersionId: kfpId('pipelineVersionId')
      .optional()
      .describe('The version to run; the newest when absent'),
    name: runName
      .optional()
      .describe("The run's name; a dated one when absent"),
    parameters: parameters.optional(),
    experimentId: kfpId('experimentId')
      .optional()
      .describe(
        "The experiment to run it in; the entity's (kubeflow.org/experiment), else the instance's default",
      ),
  })
  .strict();

/**
 * Body of `POST .../recurring-runs/:recurringRunId/enabled`.
 *
 * @internal
 */
export const setEnabledBodySchema = z
  .object({
    enabled: z
      .boolean()
      .describe('true: the recurring run starts runs; false: it does not'),
  })
  .strict();

/**
 * The entity an action acts through, as its `entityRef` input.
 *
 * @internal
 */
export const entityRefInput = z
  .string()
  .min(1)
  .describe(
    "The catalog entity whose kubeflow.org/pipeline (or kubeflow.org/experiment) annotation names the Kubeflow objects, e.g. 'component:default/fraud-detection-model'",
  );

const entityInput = { entityRef: entityRefInput };

/**
 * Action inputs: the route's entity as `entityRef`, then the same fields as the route (the
 * instance list names no entity).
 *
 * @internal
 */
export const actionInputSchemas = {
  instances: noQuerySchema,
  pipeline: z.object(entityInput).strict(),
  runs: runsQuerySchema.extend(entityInput),
  run: z
    .object({
      ...entityInput,
      runId: kfpId('runId').describe(
        'A run of the entity’s pipeline or experiment',
      ),
    })
    .strict(),
  recurringRuns: z.object(entityInput).strict(),
  experiments: z.object(entityInput).strict(),
  createRun: createRunBodySchema.extend(entityInput),
  setRecurringRunEnabled: setEnabledBodySchema.extend({
    ...entityInput,
    recurringRunId: kfpId('recurringRunId').describe(
      'A recurring run of the entity’s pipeline or experiment',
    ),
  }),
};
