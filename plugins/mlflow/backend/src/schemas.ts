import { MLFLOW_STAGES, MlflowStage } from '@mlops-portal/plugin-mlflow-common';
import { entityParamsSchema } from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';
import { MAX_COMPARE_RUNS } from './service/MlflowReadService';

// zod's v3 API: Backstage's actions registry takes v3 schemas, and routes and actions share these.

// MLflow run ids are 32 hex digits; other tracking stores use other ids, so only the
// characters are checked.
const RUN_ID = /^[A-Za-z0-9_-]{1,256}$/;
// Registries number versions 1, 2, 3, ... (MLflow parses them with int()).
const VERSION = /^[1-9]\d*$/;
const MAX_ORDER_BY = 10;
const MAX_TEXT = 4096;

/** `?a=x&a=y` and `?a=x,y` both become ['x', 'y']; blanks are dropped. */
const commaList = z.union([z.string(), z.array(z.string())]).transform(value =>
  (Array.isArray(value) ? value : [value])
    .flatMap(part => part.split(','))
    .map(part => part.trim())
    .filter(part => part !== ''),
);

const runId = z.string().regex(RUN_ID, 'not a run id');
const version = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(z.string().regex(VERSION, 'version must be a version number'));

/** Route params naming the entity (the kit's). */
export { entityParamsSchema };

/** Query of `GET /instances`: none. */
export const instancesQuerySchema = z.object({}).strict();

/** Query of `GET .../runs`. */
export const runsQuerySchema = z
  .object({
    pageToken: z.string().min(1).max(MAX_TEXT).optional(),
    maxResults: z.coerce
      .number()
      .int('maxResults must be a whole number')
      .min(1, 'maxResults must be at least 1')
      .max(1000, 'maxResults must be at most 1000')
      .optional(),
    orderBy: z
      .union([z.string(), z.array(z.string())])
      .transform(value =>
        (Array.isArray(value) ? value : [value])
          .map(clause => clause.trim())
          .filter(clause => clause !== ''),
      )
      .pipe(
        z
          .array(z.string().max(500))
          .max(MAX_ORDER_BY, `at most ${MAX_ORDER_BY} orderBy clauses`),
      )
      .optional(),
    filter: z
      .string()
      .max(MAX_TEXT)
      .transform(filter => filter.trim() || undefined)
      .optional(),
  })
  .strict();

/** Route params of `GET .../runs/:runId`. */
export const runParamsSchema = entityParamsSchema.extend({ runId });

/** Query of `GET .../compare`. */
export const compareQuerySchema = z
  .object({
    runIds: commaList.pipe(
      z
        .array(runId)
        .min(1, 'name at least one run')
        .transform(ids => [...new Set(ids)])
        .pipe(
          z
            .array(z.string())
            .max(
              MAX_COMPARE_RUNS,
              `at most ${MAX_COMPARE_RUNS} runs can be compared at once`,
            ),
        ),
    ),
    metrics: commaList
      .pipe(z.array(z.string().max(250)).min(1, 'name at least one metric'))
      .optional(),
  })
  .strict();

/** Body of `POST .../model/aliases`. */
export const setAliasBodySchema = z
  .object({
    alias: z.string().trim().min(1, 'alias must not be empty').max(255),
    version,
  })
  .strict();

/** Route params of `DELETE .../model/aliases/:alias`. */
export const aliasParamsSchema = entityParamsSchema.extend({
  alias: z.string().min(1).max(255),
});

/** Route params of `POST .../model/versions/:version/stage`. */
export const versionParamsSchema = entityParamsSchema.extend({
  version: z.string().regex(VERSION, 'version must be a version number'),
});

/** Body of `POST .../model/versions/:version/stage`. */
export const transitionStageBodySchema = z
  .object({
    // MLflow accepts stages in any case.
    stage: z
      .string()
      .transform(
        stage =>
          MLFLOW_STAGES.find(s => s.toLowerCase() === stage.toLowerCase()) ??
          stage,
      )
      .pipe(z.enum(MLFLOW_STAGES as [MlflowStage, ...MlflowStage[]])),
    archiveExistingVersions: z.boolean().default(false),
  })
  .strict();

/** The entity an action acts through, as its `entityRef` input. */
export const entityRefInput = z
  .string()
  .min(1)
  .describe(
    "The catalog entity whose MLflow annotations name the experiment or model, e.g. 'component:default/fraud-detection-model'",
  );

/**
 * Action inputs: the route's entity as `entityRef`, then the same fields as the route (the
 * instance list names no entity).
 */
export const actionInputSchemas = {
  instances: instancesQuerySchema,
  runs: runsQuerySchema.extend({ entityRef: entityRefInput }),
  run: z.object({ entityRef: entityRefInput, runId }).strict(),
  compare: compareQuerySchema.extend({ entityRef: entityRefInput }),
  model: z.object({ entityRef: entityRefInput }).strict(),
  setAlias: setAliasBodySchema.extend({ entityRef: entityRefInput }),
  deleteAlias: z
    .object({ entityRef: entityRefInput, alias: z.string().min(1).max(255) })
    .strict(),
  transitionStage: transitionStageBodySchema.extend({
    entityRef: entityRefInput,
    version,
  }),
};
