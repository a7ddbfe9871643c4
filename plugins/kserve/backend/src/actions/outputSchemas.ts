import {
  instanceErrorOutputSchema,
  instancesOutputSchema,
} from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';

// The view models of @mlops-portal/plugin-kserve-common's api.ts, as the actions registry needs
// them: agents read the JSON schema made from these, and outputs are checked (and stripped) by
// them, so every field of the view models is here.

const isoDate = (what: string) => z.string().describe(`${what} (ISO 8601)`);
const percent = (what: string) =>
  z.number().describe(`${what}, 0–100 (% of traffic)`);

const verdict = z
  .object({
    kind: z
      .enum(['Ready', 'Progressing', 'Canary', 'Degraded', 'Failed', 'Stopped'])
      .describe('Never Ready while a condition is False'),
    canaryPercent: z
      .number()
      .optional()
      .describe('For Canary: the share of traffic the latest revision gets'),
    summary: z.string().describe('One line for people'),
    cause: z
      .string()
      .optional()
      .describe(
        'The condition, model state or failure it rests on, e.g. PredictorReady: RevisionFailed',
      ),
  })
  .describe('The one word the portal says about the InferenceService, and why');

const condition = z.object({
  type: z.string().describe('Ready, PredictorReady, IngressReady, Stopped, …'),
  status: z.string().describe('True, False or Unknown'),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: isoDate('Last transition').optional(),
  severity: z.string().optional(),
});

const predictor = z.object({
  modelFormat: z.string().optional().describe('e.g. sklearn, xgboost, onnx'),
  modelFormatVersion: z.string().optional(),
  runtime: z.string().optional().describe('The ServingRuntime'),
  protocolVersion: z
    .string()
    .describe('v1, v2 (Open Inference Protocol), grpc-v2'),
  storageUri: z
    .string()
    .optional()
    .describe('Where the model is loaded from, e.g. models:/fraud-detector/5'),
  canaryTrafficPercent: z
    .number()
    .optional()
    .describe('spec.predictor.canaryTrafficPercent, when set'),
  minReplicas: z.number().optional(),
  maxReplicas: z.number().optional(),
});

const trafficTarget = z.object({
  revisionName: z.string().optional(),
  percent: percent('Its share'),
  latestRevision: z
    .boolean()
    .describe('Whether it follows the latest ready revision (the canary)'),
  tag: z.string().optional().describe('latest / prev during a canary rollout'),
  url: z.string().optional(),
});

const traffic = z
  .object({
    targets: z.array(trafficTarget),
    latestPercent: percent('What the latest revision gets'),
    stablePercent: percent('What the previous rolled-out revision gets'),
    latestCreatedRevision: z.string().optional(),
    latestReadyRevision: z.string().optional(),
    latestRolledoutRevision: z.string().optional(),
    previousRolledoutRevision: z.string().optional(),
  })
  .describe('The predictor’s traffic split (status.components.predictor)');

const modelStatus = z.object({
  transitionStatus: z.string().optional(),
  activeModelState: z.string().optional(),
  targetModelState: z.string().optional(),
  copies: z
    .object({
      failedCopies: z.number().optional(),
      totalCopies: z.number().optional(),
    })
    .optional(),
  lastFailureInfo: z
    .object({
      reason: z.string().optional(),
      message: z.string().optional(),
      location: z.string().optional(),
      exitCode: z.number().optional(),
      modelRevisionName: z.string().optional(),
      time: isoDate('When').optional(),
    })
    .optional()
    .describe('Why the last model load failed'),
});

const inferenceService = z.object({
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  resourceVersion: z
    .string()
    .optional()
    .describe('Pass it to set-canary, promote-canary and rollback-canary'),
  generation: z.number().optional(),
  observedGeneration: z.number().optional(),
  createdAt: isoDate('Created').optional(),
  url: z.string().optional().describe('The external URL'),
  address: z.string().optional().describe('The cluster-internal URL'),
  deploymentMode: z
    .string()
    .describe(
      'Serverless, RawDeployment (Standard in newer KServe), ModelMesh',
    ),
  canaryUnsupportedReason: z
    .string()
    .optional()
    .describe('Why canary changes are refused here, when they are'),
  verdict,
  predictor,
  traffic: traffic.optional(),
  conditions: z.array(condition),
  modelStatus: modelStatus.optional(),
  protocol: z.enum(['v1', 'v2']),
});

const event = z.object({
  type: z.string().describe('Normal or Warning'),
  reason: z.string().optional(),
  message: z.string().optional(),
  count: z.number().optional(),
  lastSeen: isoDate('Last seen').optional(),
  source: z.string().optional(),
});

const serving = z.object({
  inferenceService,
  events: z.array(event).describe('Recent Kubernetes events, newest first'),
  eventsError: z
    .string()
    .optional()
    .describe('Why events could not be read (the rest is still there)'),
  authority: z
    .object({
      entityRef: z
        .string()
        .optional()
        .describe(
          'The ingested model-server Component whose owners may change the traffic',
        ),
      reason: z
        .string()
        .optional()
        .describe('Why there is none (then only admins may)'),
    })
    .describe('Who may change the traffic'),
  allowed: z
    .object({
      update: z.boolean().describe('May set and promote the canary'),
      rollback: z.boolean().describe('May roll the canary back'),
    })
    .describe('What the caller may do (checked again on every change)'),
});

/**
 * Output schemas of the actions, one per answer type.
 *
 * @internal
 */
export const actionOutputSchemas = {
  clusters: instancesOutputSchema,
  servingRoute: z.object({
    serving: serving
      .optional()
      .describe('The serving state, when the cluster answered'),
    error: instanceErrorOutputSchema
      .optional()
      .describe('The cluster’s failure, when it did not'),
  }),
  serving,
};
