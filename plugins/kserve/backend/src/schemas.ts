import { entityParamsSchema } from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';

// zod's v3 API: Backstage's actions registry takes v3 schemas, and routes and actions share these.

// resourceVersions are opaque to clients (etcd revisions in practice); this only bounds the input.
const MAX_RESOURCE_VERSION = 256;

/**
 * Route params naming the entity (the kit's).
 *
 * @internal
 */
export { entityParamsSchema };

/**
 * Query of the routes that take none.
 *
 * @internal
 */
export const noQuerySchema = z.object({}).strict();

const percent = z
  .number({
    invalid_type_error: 'percent must be a number',
    required_error: 'percent is required',
  })
  .int('percent must be a whole number')
  .min(0, 'percent must be at least 0')
  .max(100, 'percent must be at most 100')
  .describe('The share of traffic the canary (latest) revision gets, 0–100');

const resourceVersion = z
  .string({
    invalid_type_error: 'resourceVersion must be a string',
    required_error: 'resourceVersion is required',
  })
  .trim()
  .min(1, 'resourceVersion must not be empty')
  .max(MAX_RESOURCE_VERSION)
  .describe(
    "metadata.resourceVersion of the InferenceService as you read it (get-serving's inferenceService.resourceVersion); a newer object refuses the change (409) so that it is decided on what is there",
  );

/**
 * A traffic change: set the canary to a percentage, promote it (100 %) or roll it back (0 %).
 *
 * @internal
 */
export const canaryChangeSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('set'), percent }).strict(),
    z.object({ kind: z.literal('promote') }).strict(),
    z.object({ kind: z.literal('rollback') }).strict(),
  ],
  {
    errorMap: (issue, ctx) =>
      issue.code === z.ZodIssueCode.invalid_union_discriminator
        ? { message: "kind must be 'set', 'promote' or 'rollback'" }
        : { message: ctx.defaultError },
  },
);

/**
 * Body of `POST .../serving/traffic` (`TrafficChangeRequest`).
 *
 * @internal
 */
export const trafficChangeBodySchema = z
  .object({
    change: canaryChangeSchema,
    resourceVersion,
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
    "The catalog entity whose kserve.io/inference-service annotation (namespace/name, and kserve.io/cluster) names the InferenceService, e.g. 'component:default/fraud-detection-model' or the model-server Component the KServe provider ingested",
  );

const entityInput = { entityRef: entityRefInput };

/**
 * Action inputs: the route's entity as `entityRef`, then the change's fields (the cluster list
 * names no entity).
 *
 * @internal
 */
export const actionInputSchemas = {
  clusters: noQuerySchema,
  serving: z.object(entityInput).strict(),
  setCanary: z.object({ ...entityInput, percent, resourceVersion }).strict(),
  promoteCanary: z.object({ ...entityInput, resourceVersion }).strict(),
  rollbackCanary: z.object({ ...entityInput, resourceVersion }).strict(),
};
