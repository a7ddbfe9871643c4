import { Entity } from '@backstage/catalog-model';
import {
  describeInferenceService,
  ServingEvent,
  ServingResponse,
} from '@mlops-portal/plugin-kserve-common';

/*
 * InferenceServices as the API server returns them, read by the same `describeInferenceService`
 * the backend uses: the summaries and verdicts here are the ones the tab really gets.
 */

export const cluster = 'dev-cluster';
export const clusterUiUrl = 'https://dashboard.dev-cluster.example.com';
export const namespace = 'fraud-detection';
export const name = 'fraud-detector';
export const resourceVersion = '48213';

export const revision = (n: number) =>
  `${name}-predictor-${String(n).padStart(5, '0')}`;

const url = `https://${name}.${namespace}.example.com`;
const address = `http://${name}.${namespace}.svc.cluster.local`;

function condition(
  type: string,
  status: string,
  extra: { reason?: string; message?: string; severity?: string } = {},
) {
  return { type, status, lastTransitionTime: '2026-10-31T08:20:00Z', ...extra };
}

const healthyConditions = [
  condition('IngressReady', 'True'),
  condition('LatestDeploymentReady', 'True'),
  condition('PredictorReady', 'True'),
  condition('Ready', 'True'),
  condition('Stopped', 'False'),
];

interface RawOptions {
  annotations?: Record<string, string>;
  canaryTrafficPercent?: number;
  status?: Record<string, unknown>;
  storageUri?: string;
}

function rawInferenceService(options: RawOptions) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      namespace,
      name,
      uid: '6f1b7a6e-1c1d-4f7e-9a55-0d7c5a3e2b10',
      resourceVersion,
      generation: 5,
      creationTimestamp: '2026-09-01T08:00:00Z',
      annotations: options.annotations ?? {},
      labels: { 'app.kubernetes.io/owner': 'fraud-detection' },
    },
    spec: {
      predictor: {
        minReplicas: 1,
        maxReplicas: 3,
        ...(options.canaryTrafficPercent !== undefined && {
          canaryTrafficPercent: options.canaryTrafficPercent,
        }),
        model: {
          modelFormat: { name: 'sklearn', version: '1.3' },
          runtime: 'kserve-sklearnserver',
          protocolVersion: 'v2',
          storageUri: options.storageUri ?? 'models:/fraud-detector/5',
        },
      },
    },
    status: options.status,
  };
}

function predictorStatus(
  traffic: object[],
  revisions: Record<string, string> = {},
) {
  return {
    predictor: {
      latestCreatedRevision: revision(5),
      latestReadyRevision: revision(5),
      latestRolledoutRevision: revision(5),
      previousRolledoutRevision: revision(4),
      traffic,
      ...revisions,
    },
  };
}

const loaded = {
  transitionStatus: 'UpToDate',
  states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
  copies: { failedCopies: 0, totalCopies: 2 },
};

/** 20 % of traffic on the canary revision 00005, 80 % on 00004. */
export const canaryObject = rawInferenceService({
  canaryTrafficPercent: 20,
  status: {
    observedGeneration: 5,
    url,
    address: { url: address },
    deploymentMode: 'Serverless',
    conditions: healthyConditions,
    components: predictorStatus([
      {
        revisionName: revision(5),
        percent: 20,
        latestRevision: true,
        tag: 'latest',
        url: `https://latest-${name}.${namespace}.example.com`,
      },
      {
        revisionName: revision(4),
        percent: 80,
        latestRevision: false,
        tag: 'prev',
        url: `https://prev-${name}.${namespace}.example.com`,
      },
    ]),
    modelStatus: loaded,
  },
});

/** The latest revision serves all traffic. */
export const readyObject = rawInferenceService({
  status: {
    observedGeneration: 5,
    url,
    address: { url: address },
    deploymentMode: 'Serverless',
    conditions: healthyConditions,
    components: predictorStatus([
      { revisionName: revision(5), percent: 100, latestRevision: true },
    ]),
    modelStatus: loaded,
  },
});

const revisionFailed = {
  reason: 'RevisionFailed',
  message: `Revision "${revision(
    6,
  )}" failed with message: Back-off restarting failed container.`,
};

/** The latest revision 00006 fails; 00005 still serves everything. */
export const degradedObject = rawInferenceService({
  status: {
    observedGeneration: 5,
    url,
    address: { url: address },
    deploymentMode: 'Serverless',
    conditions: [
      condition('IngressReady', 'True'),
      condition('PredictorReady', 'False', revisionFailed),
      condition('Ready', 'False', revisionFailed),
    ],
    components: predictorStatus(
      [{ revisionName: revision(5), percent: 100, latestRevision: false }],
      { latestCreatedRevision: revision(6) },
    ),
  },
});

/** The model does not load: nothing serves. */
export const failedObject = rawInferenceService({
  storageUri: 's3://models/fraud-detector/missing',
  status: {
    observedGeneration: 5,
    deploymentMode: 'Serverless',
    conditions: [
      condition('IngressReady', 'False', revisionFailed),
      condition('PredictorReady', 'False', revisionFailed),
      condition('Ready', 'False', revisionFailed),
    ],
    modelStatus: {
      transitionStatus: 'BlockedByFailedLoad',
      states: { activeModelState: 'FailedToLoad', targetModelState: 'Loaded' },
      copies: { failedCopies: 2, totalCopies: 2 },
      lastFailureInfo: {
        reason: 'ModelLoadFailed',
        message: 'no model found at s3://models/fraud-detector/missing',
        location: 'storage-initializer',
        exitCode: 1,
        modelRevisionName: revision(5),
        time: '2026-10-31T08:19:00Z',
      },
    },
  },
});

/** KServe is still rolling the new revision out. */
export const progressingObject = rawInferenceService({
  status: {
    observedGeneration: 5,
    deploymentMode: 'Serverless',
    conditions: [
      condition('PredictorReady', 'Unknown', { reason: 'Deploying' }),
      condition('Ready', 'Unknown', {
        reason: 'Deploying',
        message: 'Waiting for the revision to become ready',
      }),
    ],
  },
});

/** Stopped with `serving.kserve.io/stop`. */
export const stoppedObject = rawInferenceService({
  annotations: { 'serving.kserve.io/stop': 'true' },
  status: {
    observedGeneration: 5,
    deploymentMode: 'Serverless',
    conditions: [
      condition('Stopped', 'True', { reason: 'Stopped' }),
      condition('Ready', 'False', { reason: 'Stopped' }),
    ],
  },
});

/** A RawDeployment: one Deployment, no revisions, no canary. */
export const rawDeploymentObject = rawInferenceService({
  annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' },
  status: {
    observedGeneration: 5,
    url,
    address: { url: address },
    deploymentMode: 'RawDeployment',
    conditions: healthyConditions,
  },
});

export const events: ServingEvent[] = [
  {
    type: 'Warning',
    reason: 'InternalError',
    message: 'fails to reconcile predictor: the object has been modified',
    count: 3,
    lastSeen: '2026-10-31T08:21:00Z',
    source: 'v1beta1Controllers',
  },
  {
    type: 'Normal',
    reason: 'InferenceServiceReady',
    message: 'InferenceService [fraud-detector] is Ready',
    count: 1,
    lastSeen: '2026-10-31T08:20:00Z',
  },
];

export const authorityRef = `component:${namespace}/${name}`;

/** The serving response for a raw InferenceService, allowed everything unless told otherwise. */
export function servingOf(
  raw: unknown,
  overrides: Partial<ServingResponse> = {},
): ServingResponse {
  return {
    inferenceService: describeInferenceService(raw, cluster),
    events,
    authority: { entityRef: authorityRef },
    allowed: { update: true, rollback: true },
    ...overrides,
  };
}

/** The model server Component the KServe provider ingests for the InferenceService. */
export const modelServerEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace,
    annotations: {
      'kserve.io/inference-service': `${namespace}/${name}`,
      'kserve.io/cluster': cluster,
    },
  },
  spec: {
    type: 'model-server',
    lifecycle: 'production',
    owner: 'group:default/fraud-detection',
  },
};

/** A model project naming its InferenceService by hand. */
export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detection-model',
    namespace: 'default',
    annotations: {
      'kserve.io/inference-service': `${namespace}/${name}`,
    },
  },
  spec: { type: 'service', owner: 'group:default/fraud-detection' },
};

export const plainEntity: Entity = {
  ...annotatedEntity,
  metadata: { name: 'website', namespace: 'default' },
};

export const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};

/** The ml-model Resource the MLflow provider ingests for `fraud-detector`. */
export const mlModelEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fraud-detector',
    namespace: 'default',
    title: 'fraud-detector',
    annotations: {
      'mlflow.org/registered-model': 'fraud-detector',
      'mlflow.org/instance': 'sandbox',
    },
  },
  spec: { type: 'ml-model', owner: 'group:default/fraud-detection' },
};
