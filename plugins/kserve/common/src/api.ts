import type { InstanceError } from '@mlops-portal/plugin-mlops-common';

/*
 * What the KServe backend plugin serves to the frontend (`/api/kserve/...`): portal view models,
 * read from InferenceServices by `describeInferenceService`.
 */

/**
 * How KServe deploys an InferenceService: `Serverless` (Knative, revisions and canaries),
 * `RawDeployment` (a Deployment; newer KServe calls it `Standard`) or `ModelMesh`.
 *
 * @public
 */
export type KserveDeploymentMode =
  | 'Serverless'
  | 'RawDeployment'
  | 'Standard'
  | 'ModelMesh';

/**
 * The one word the portal says about an InferenceService; never `Ready` while a condition is
 * `False`.
 *
 * @public
 */
export type ServingVerdictKind =
  | 'Ready'
  | 'Progressing'
  | 'Canary'
  | 'Degraded'
  | 'Failed'
  | 'Stopped';

/**
 * The verdict and why.
 *
 * @public
 */
export interface ServingVerdict {
  /** The verdict. */
  kind: ServingVerdictKind;
  /** The share of traffic the canary (latest) revision gets, for `Canary`. */
  canaryPercent?: number;
  /** One line for people, e.g. `Canary 20 %: fraud-detector-predictor-00005 gets 20 % of traffic`. */
  summary: string;
  /** The condition, model state or failure the verdict rests on, e.g. `PredictorReady: RevisionFailed`. */
  cause?: string;
}

/**
 * A status condition as KServe (Knative `apis.Condition`) writes it.
 *
 * @public
 */
export interface ServingCondition {
  /** e.g. `Ready`, `PredictorReady`, `IngressReady`, `Stopped`. */
  type: string;
  /** `True`, `False` or `Unknown` (anything else is reported as it came). */
  status: string;
  /** A CamelCase reason. */
  reason?: string;
  /** What went wrong, for people. */
  message?: string;
  /** ISO timestamp. */
  lastTransitionTime?: string;
  /** `Error` (the default), `Warning` or `Info`. */
  severity?: string;
}

/**
 * What the predictor serves and how.
 *
 * @public
 */
export interface PredictorSummary {
  /** `spec.predictor.model.modelFormat.name`, or the framework key (`sklearn`, `xgboost`, …). */
  modelFormat?: string;
  /** `modelFormat.version`. */
  modelFormatVersion?: string;
  /** The ServingRuntime named in the spec, else the one KServe chose (`status.servingRuntimeName`). */
  runtime?: string;
  /** `v1` or `v2` (Open Inference Protocol), `grpc-v2`…; KServe's default when absent is `v1`. */
  protocolVersion: string;
  /** Where the model is loaded from, e.g. `s3://…` or `models:/fraud-detector/5`. */
  storageUri?: string;
  /** `spec.predictor.canaryTrafficPercent`, when set. */
  canaryTrafficPercent?: number;
  /** Replica bounds, when set. */
  minReplicas?: number;
  /** Replica bounds, when set. */
  maxReplicas?: number;
}

/**
 * One entry of `status.components.predictor.traffic`.
 *
 * @public
 */
export interface TrafficTarget {
  /** The Knative revision. */
  revisionName?: string;
  /** Its share, 0–100. */
  percent: number;
  /** Whether it follows the latest ready revision (the canary while a rollout is on). */
  latestRevision: boolean;
  /** `latest` / `prev` tags KServe sets during a canary rollout. */
  tag?: string;
  /** The tagged URL, when there is one. */
  url?: string;
}

/**
 * The predictor's traffic split: what the stable and canary revisions get.
 *
 * @public
 */
export interface TrafficSplit {
  /** The revisions and their shares, as the status lists them. */
  targets: TrafficTarget[];
  /** The share of the latest revision (100 when no canary is on). */
  latestPercent: number;
  /** The share of the previous rolled-out revision. */
  stablePercent: number;
  /** `status.components.predictor` revision names. */
  latestCreatedRevision?: string;
  /** See above. */
  latestReadyRevision?: string;
  /** See above. */
  latestRolledoutRevision?: string;
  /** See above. */
  previousRolledoutRevision?: string;
}

/**
 * `status.modelStatus`.
 *
 * @public
 */
export interface ModelStatusSummary {
  /** `UpToDate`, `InProgress`, `BlockedByFailedLoad`, `InvalidSpec`. */
  transitionStatus?: string;
  /** `Pending`, `Standby`, `Loading`, `Loaded`, `FailedToLoad`. */
  activeModelState?: string;
  /** The state being moved to. */
  targetModelState?: string;
  /** Failed and total copies. */
  copies?: { failedCopies?: number; totalCopies?: number };
  /** Why the last load failed. */
  lastFailureInfo?: {
    reason?: string;
    message?: string;
    location?: string;
    exitCode?: number;
    modelRevisionName?: string;
    time?: string;
  };
}

/**
 * One InferenceService as the portal shows it.
 *
 * @public
 */
export interface InferenceServiceSummary {
  /** The cluster (a `kubernetes:` config name). */
  cluster: string;
  /** The namespace. */
  namespace: string;
  /** The name. */
  name: string;
  /** `metadata.uid`. */
  uid?: string;
  /** `metadata.resourceVersion`, the precondition of writes. */
  resourceVersion?: string;
  /** `metadata.generation` and `status.observedGeneration`. */
  generation?: number;
  /** See above. */
  observedGeneration?: number;
  /** `metadata.creationTimestamp`. */
  createdAt?: string;
  /** The external URL (`status.url`). */
  url?: string;
  /** The cluster-internal URL (`status.address.url`). */
  address?: string;
  /** How it is deployed (status, else annotation, else `Serverless`, KServe's default). */
  deploymentMode: KserveDeploymentMode | string;
  /** Why canary writes are refused here, when they are (RawDeployment/Standard, ModelMesh). */
  canaryUnsupportedReason?: string;
  /** The verdict. */
  verdict: ServingVerdict;
  /** The predictor. */
  predictor: PredictorSummary;
  /** The traffic split, when the status has one. */
  traffic?: TrafficSplit;
  /** The conditions, as the status lists them. */
  conditions: ServingCondition[];
  /** The model status, when the status has one. */
  modelStatus?: ModelStatusSummary;
  /** Which KServe protocol its API speaks, for the API entity. */
  protocol: 'v1' | 'v2';
}

/**
 * A Kubernetes event about an InferenceService.
 *
 * @public
 */
export interface ServingEvent {
  /** `Normal` or `Warning`. */
  type: string;
  /** CamelCase reason. */
  reason?: string;
  /** What happened. */
  message?: string;
  /** How often (core v1 `count`). */
  count?: number;
  /** When it was last seen (ISO). */
  lastSeen?: string;
  /** Who reported it. */
  source?: string;
}

/**
 * What the Serving tab reads: the InferenceService and whether the caller may change its
 * traffic.
 *
 * @public
 */
export interface ServingResponse {
  /** The InferenceService. */
  inferenceService: InferenceServiceSummary;
  /** The recent events about it, newest first. */
  events: ServingEvent[];
  /** Why events could not be read, when they could not (the rest is still shown). */
  eventsError?: string;
  /** The ingested entity writes are authorized against, or why there is none. */
  authority: { entityRef?: string; reason?: string };
  /** What the caller may do (the backend checks again on every write). */
  allowed: { update: boolean; rollback: boolean };
}

/**
 * A traffic change: set the canary to a percentage, promote it (100 %) or roll it back (0 %).
 *
 * @public
 */
export type CanaryChange =
  | { kind: 'set'; percent: number }
  | { kind: 'promote' }
  | { kind: 'rollback' };

/**
 * What `GET /api/kserve/entity/:namespace/:kind/:name/serving` answers: the serving state, or
 * the cluster's failure as data (an unreachable cluster, refused credentials, an answer that is
 * not an InferenceService) so the tab can say which cluster failed and why.
 *
 * @public
 */
export interface ServingRouteResponse {
  /** The serving state, when the cluster answered. */
  serving?: ServingResponse;
  /** The cluster's failure, when it did not. */
  error?: InstanceError;
}

/**
 * The body of `POST /api/kserve/entity/:namespace/:kind/:name/serving/traffic`: the change, and
 * the resourceVersion it was decided on (a newer object is a 409: reload and decide again).
 *
 * @public
 */
export interface TrafficChangeRequest {
  /** What to do. */
  change: CanaryChange;
  /** `metadata.resourceVersion` of the InferenceService as the caller saw it. */
  resourceVersion: string;
}
