import { stableUuid } from '../ids';
import { SeedEventInput, buildEvent } from '../kubernetes/events';
import {
  CoreEvent,
  InferenceService,
  JsonObject,
  NamespaceRecord,
} from '../kubernetes/types';
import { RegisteredModelRecord } from '../mlflow/types';
import { MINUTE, isoZ } from '../time';
import { INFERENCE_SERVICES, MLFLOW_MODELS, TEAMS } from './names';
import { MlflowSeed } from './mlflow';

/** The Kubernetes part of the dataset. */
export interface KserveSeed {
  namespaces: NamespaceRecord[];
  inferenceServices: InferenceService[];
  /** Core v1 Events about the InferenceServices (what the KServe controller recorded). */
  events: CoreEvent[];
}

const T = (iso: string): number => Date.parse(iso);

/** Cluster domain of the sandbox's Knative ingress. */
export const INGRESS_DOMAIN = 'example.com';

function revision(name: string, n: number): string {
  return `${name}-predictor-${String(n).padStart(5, '0')}`;
}

function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  at: number,
  extra: JsonObject = {},
): JsonObject {
  return { lastTransitionTime: isoZ(at), status, type, ...extra };
}

/** Options for one InferenceService (story or synthetic). */
export interface IsvcPlan {
  namespace: string;
  name: string;
  owner: string;
  registeredModel?: string;
  modelVersion?: number;
  format: string;
  storageUri: string;
  createdAt: number;
  /** Spec generation = latest revision number. */
  generation: number;
  readyAt: number;
  canaryPercent?: number;
  degraded?: { reason: string; message: string };
  extraLabels?: Record<string, string>;
}

/** Builds an InferenceService object with a status a KServe controller would write. */
export function buildInferenceService(
  plan: IsvcPlan,
  resourceVersion: number,
): InferenceService {
  const { name, namespace, generation } = plan;
  const host = `${name}.${namespace}.${INGRESS_DOMAIN}`;
  const predictorHost = `${name}-predictor.${namespace}.${INGRESS_DOMAIN}`;
  const latest = revision(name, generation);
  const previous = revision(name, Math.max(1, generation - 1));
  const at = plan.readyAt;
  const predictor: JsonObject = {
    minReplicas: 1,
    maxReplicas: 3,
    model: {
      modelFormat: { name: plan.format },
      protocolVersion: 'v2',
      storageUri: plan.storageUri,
      resources: {
        limits: { cpu: '1', memory: '2Gi' },
        requests: { cpu: '250m', memory: '1Gi' },
      },
    },
  };
  if (plan.canaryPercent !== undefined) {
    predictor.canaryTrafficPercent = plan.canaryPercent;
  }
  let status: JsonObject;
  if (plan.degraded) {
    const failed: JsonObject = {
      reason: plan.degraded.reason,
      message: plan.degraded.message,
    };
    status = {
      url: `http://${host}`,
      address: { url: `http://${name}.${namespace}.svc.cluster.local` },
      components: {
        predictor: {
          url: `http://${predictorHost}`,
          address: {
            url: `http://${name}-predictor.${namespace}.svc.cluster.local`,
          },
          latestCreatedRevision: latest,
          latestReadyRevision: previous,
          latestRolledoutRevision: previous,
          traffic: [
            { latestRevision: false, percent: 100, revisionName: previous },
          ],
        },
      },
      conditions: [
        condition('IngressReady', 'True', at - 3_600_000),
        condition('LatestDeploymentReady', 'False', at, failed),
        condition('PredictorConfigurationReady', 'False', at, failed),
        condition('PredictorReady', 'False', at, failed),
        condition('PredictorRouteReady', 'True', at - 3_600_000),
        condition('Ready', 'False', at, failed),
      ],
      modelStatus: {
        copies: { failedCopies: 1, totalCopies: 1 },
        lastFailureInfo: {
          exitCode: 1,
          location: `${latest}-deployment-6d9f7c5b8d-x2x7q`,
          message: plan.degraded.message,
          modelRevisionName: latest,
          reason: 'ModelLoadFailed',
          time: isoZ(at),
        },
        states: {
          activeModelState: 'FailedToLoad',
          targetModelState: 'FailedToLoad',
        },
        transitionStatus: 'BlockedByFailedLoad',
      },
      observedGeneration: generation,
      deploymentMode: 'Serverless',
    };
  } else {
    const traffic: JsonObject[] =
      plan.canaryPercent !== undefined && generation > 1
        ? [
            {
              latestRevision: true,
              percent: plan.canaryPercent,
              revisionName: latest,
              tag: 'latest',
              url: `http://latest-${predictorHost}`,
            },
            {
              latestRevision: false,
              percent: 100 - plan.canaryPercent,
              revisionName: previous,
              tag: 'prev',
              url: `http://prev-${predictorHost}`,
            },
          ]
        : [{ latestRevision: true, percent: 100, revisionName: latest }];
    const component: JsonObject = {
      url: `http://${predictorHost}`,
      address: {
        url: `http://${name}-predictor.${namespace}.svc.cluster.local`,
      },
      latestCreatedRevision: latest,
      latestReadyRevision: latest,
      latestRolledoutRevision:
        plan.canaryPercent !== undefined ? previous : latest,
      traffic,
    };
    if (plan.canaryPercent !== undefined) {
      component.previousRolledoutRevision = previous;
    }
    status = {
      url: `http://${host}`,
      address: { url: `http://${name}.${namespace}.svc.cluster.local` },
      components: { predictor: component },
      conditions: [
        condition('IngressReady', 'True', at),
        condition('LatestDeploymentReady', 'True', at),
        condition('PredictorConfigurationReady', 'True', at),
        condition('PredictorReady', 'True', at),
        condition('PredictorRouteReady', 'True', at),
        condition('Ready', 'True', at),
      ],
      modelStatus: {
        copies: { failedCopies: 0, totalCopies: 1 },
        states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
        transitionStatus: 'UpToDate',
      },
      observedGeneration: generation,
      deploymentMode: 'Serverless',
    };
  }
  const annotations: Record<string, string> = {
    'serving.kserve.io/deploymentMode': 'Serverless',
  };
  if (plan.registeredModel) {
    annotations['mlflow.org/registered-model'] = plan.registeredModel;
  }
  if (plan.modelVersion !== undefined) {
    annotations['mlflow.org/model-version'] = String(plan.modelVersion);
  }
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name,
      namespace,
      uid: stableUuid(`k8s-isvc:${namespace}/${name}`),
      resourceVersion: String(resourceVersion),
      generation,
      creationTimestamp: isoZ(plan.createdAt),
      labels: {
        owner: plan.owner,
        'app.kubernetes.io/part-of': plan.owner,
        'app.kubernetes.io/name': name,
        ...plan.extraLabels,
      },
      annotations,
      finalizers: ['inferenceservice.finalizers'],
    },
    spec: { predictor },
    status,
  };
}

/** Builds a namespace record. */
export function namespaceRecord(
  name: string,
  createdAt: number,
  labels: Record<string, string> = {},
): NamespaceRecord {
  return {
    name,
    uid: stableUuid(`k8s-namespace:${name}`),
    creationTimestamp: isoZ(createdAt),
    labels: { 'kubernetes.io/metadata.name': name, ...labels },
  };
}

function source(
  models: RegisteredModelRecord[],
  name: string,
  version: number,
): string {
  const model = models.find(m => m.name === name);
  const v = model?.versions.find(x => x.version === version);
  if (!v) {
    throw new Error(`story error: ${name} v${version} missing`);
  }
  return v.source;
}

/** The first resourceVersion the story uses; later writes count up from the largest. */
export const STORY_RESOURCE_VERSION_BASE = 184_000;

/** Builds the story's namespaces and InferenceServices from the MLflow versions they serve. */
export function buildKserveStory(mlflow: MlflowSeed): KserveSeed {
  const models = mlflow.models;
  const clusterCreated = T('2026-08-01T00:00:00Z');
  const namespaces = [
    namespaceRecord('default', clusterCreated),
    namespaceRecord('kube-system', clusterCreated),
    namespaceRecord('kserve', clusterCreated),
    namespaceRecord('kubeflow', clusterCreated),
    // The model-project template's default namespace, so its "Apply now" works in the demo.
    namespaceRecord('models', clusterCreated),
    namespaceRecord(TEAMS.fraudDetection, T('2026-09-28T08:00:00Z'), {
      owner: TEAMS.fraudDetection,
    }),
    namespaceRecord(TEAMS.customerInsights, T('2026-09-01T09:00:00Z'), {
      owner: TEAMS.customerInsights,
    }),
    namespaceRecord(TEAMS.supplyChain, T('2026-09-18T07:00:00Z'), {
      owner: TEAMS.supplyChain,
    }),
  ];
  const plans: IsvcPlan[] = [
    {
      ...INFERENCE_SERVICES.fraudDetector,
      owner: TEAMS.fraudDetection,
      registeredModel: MLFLOW_MODELS.fraudDetector,
      modelVersion: 5,
      format: 'xgboost',
      storageUri: source(models, MLFLOW_MODELS.fraudDetector, 5),
      createdAt: T('2026-10-08T10:00:00Z'),
      generation: 5,
      readyAt: T('2026-10-31T08:20:00Z'),
      canaryPercent: 20,
    },
    {
      ...INFERENCE_SERVICES.churnPredictor,
      owner: TEAMS.customerInsights,
      registeredModel: MLFLOW_MODELS.churnPredictor,
      modelVersion: 2,
      format: 'sklearn',
      storageUri: source(models, MLFLOW_MODELS.churnPredictor, 2),
      createdAt: T('2026-09-20T11:00:00Z'),
      generation: 2,
      readyAt: T('2026-10-13T08:15:00Z'),
    },
    {
      ...INFERENCE_SERVICES.demandForecaster,
      owner: TEAMS.supplyChain,
      registeredModel: MLFLOW_MODELS.demandForecaster,
      modelVersion: 2,
      format: 'lightgbm',
      storageUri: source(models, MLFLOW_MODELS.demandForecaster, 2),
      createdAt: T('2026-10-13T07:30:00Z'),
      generation: 2,
      readyAt: T('2026-10-20T09:12:00Z'),
      degraded: {
        reason: 'RevisionFailed',
        message:
          'Revision "demand-forecaster-predictor-00002" failed with message: Container "kserve-container" is waiting to start: CrashLoopBackOff (back-off 5m0s restarting failed container; last exit: "lightgbm.basic.LightGBMError: Model file doesn\'t specify the number of classes").',
      },
    },
  ];
  const inferenceServices = plans.map((p, i) =>
    buildInferenceService(p, STORY_RESOURCE_VERSION_BASE + i * 17),
  );
  return {
    namespaces,
    inferenceServices,
    events: storyEvents(plans, inferenceServices),
  };
}

const ready = (name: string) => `InferenceService [${name}] is Ready`;

/** The events the KServe controller recorded while the story happened (oldest first per object). */
function storyEvents(
  plans: IsvcPlan[],
  isvcs: InferenceService[],
): CoreEvent[] {
  const [fraud, churn, demand] = plans;
  const perObject: SeedEventInput[][] = [
    [
      {
        type: 'Normal',
        reason: 'InferenceServiceReady',
        message: ready(fraud.name),
        firstTimestamp: fraud.createdAt + 4 * MINUTE,
        lastTimestamp: fraud.readyAt,
        count: fraud.generation,
      },
      {
        type: 'Normal',
        reason: 'UpdatedTraffic',
        message: `Traffic split 80/20 between revisions ${revision(
          fraud.name,
          fraud.generation - 1,
        )} (prev) and ${revision(fraud.name, fraud.generation)} (latest)`,
        firstTimestamp: fraud.readyAt + MINUTE / 2,
      },
    ],
    [
      {
        type: 'Normal',
        reason: 'InferenceServiceReady',
        message: ready(churn.name),
        firstTimestamp: churn.createdAt + 3 * MINUTE,
        lastTimestamp: churn.readyAt,
        count: churn.generation,
      },
    ],
    [
      {
        type: 'Normal',
        reason: 'InferenceServiceReady',
        message: ready(demand.name),
        firstTimestamp: demand.createdAt + 5 * MINUTE,
      },
      {
        // The crash-looping revision 2: kubelet's back-off, counted up by the event correlator.
        type: 'Warning',
        reason: 'RevisionFailed',
        message: demand.degraded!.message,
        firstTimestamp: demand.readyAt,
        lastTimestamp: T('2026-10-31T23:40:00Z'),
        count: 146,
      },
    ],
  ];
  // Below the objects' resourceVersions: the events were written before the latest updates.
  let rv = STORY_RESOURCE_VERSION_BASE - 10;
  return perObject.flatMap((inputs, i) =>
    inputs.map(input => buildEvent(isvcs[i], input, String(rv++))),
  );
}
