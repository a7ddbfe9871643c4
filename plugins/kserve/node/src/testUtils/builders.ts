import type { InferenceServiceObject } from '@mlops-portal/plugin-kserve-node';

/**
 * The serving state a built InferenceService's status describes.
 *
 * @public
 */
export type InferenceServiceFixtureState =
  | 'ready'
  | 'canary'
  | 'degraded'
  | 'failed'
  | 'progressing'
  | 'stopped'
  | 'no-status';

/**
 * What {@link buildInferenceServiceObject} builds.
 *
 * @public
 */
export interface InferenceServiceFixture {
  namespace: string;
  name: string;
  /** Default `ready`. */
  state?: InferenceServiceFixtureState;
  /** For `canary`; default 20. */
  canaryPercent?: number;
  /** Default `Serverless`. */
  deploymentMode?: 'Serverless' | 'RawDeployment' | 'Standard';
  /** Default `s3://models/<name>`. */
  storageUri?: string;
  /** Default `sklearn`. */
  modelFormat?: string;
  /** Default `v2`. */
  protocolVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Default 3. */
  generation?: number;
  resourceVersion?: string;
  uid?: string;
}

const revision = (name: string, n: number) =>
  `${name}-predictor-${String(n).padStart(5, '0')}`;

function condition(type: string, status: string, extra = {}) {
  return {
    type,
    status,
    lastTransitionTime: '2026-10-31T08:20:00Z',
    ...extra,
  };
}

/**
 * An InferenceService with a status such as KServe's controller writes, for tests.
 *
 * @public
 */
export function buildInferenceServiceObject(
  fixture: InferenceServiceFixture,
): InferenceServiceObject {
  const {
    namespace,
    name,
    state = 'ready',
    canaryPercent = 20,
    deploymentMode = 'Serverless',
    generation = 3,
  } = fixture;
  const latest = revision(name, generation);
  const previous = revision(name, generation - 1);
  const predictor: Record<string, unknown> = {
    model: {
      modelFormat: { name: fixture.modelFormat ?? 'sklearn' },
      protocolVersion: fixture.protocolVersion ?? 'v2',
      storageUri: fixture.storageUri ?? `s3://models/${name}`,
    },
  };
  if (state === 'canary') predictor.canaryTrafficPercent = canaryPercent;
  const failed = {
    reason: 'RevisionFailed',
    message: `Revision "${latest}" failed with message: CrashLoopBackOff`,
  };
  const okConditions = [
    'IngressReady',
    'LatestDeploymentReady',
    'PredictorReady',
    'Ready',
  ].map(t => condition(t, 'True'));
  const traffic =
    state === 'canary'
      ? [
          {
            latestRevision: true,
            percent: canaryPercent,
            revisionName: latest,
            tag: 'latest',
          },
          {
            latestRevision: false,
            percent: 100 - canaryPercent,
            revisionName: previous,
            tag: 'prev',
          },
        ]
      : [
          {
            latestRevision: state !== 'degraded',
            percent: 100,
            revisionName: state === 'degraded' ? previous : latest,
          },
        ];
  const statusByState: Record<InferenceServiceFixtureState, unknown> = {
    'no-status': undefined,
    ready: { conditions: okConditions },
    canary: { conditions: okConditions },
    degraded: {
      conditions: [
        condition('IngressReady', 'True'),
        condition('PredictorReady', 'False', failed),
        condition('Ready', 'False', failed),
      ],
    },
    failed: {
      conditions: [
        condition('IngressReady', 'False', failed),
        condition('PredictorReady', 'False', failed),
        condition('Ready', 'False', failed),
      ],
      modelStatus: {
        transitionStatus: 'BlockedByFailedLoad',
        // No targetModelState: KServe leaves it out when there is none (a 1.20 server also refuses '').
        states: { activeModelState: 'FailedToLoad' },
        lastFailureInfo: { reason: 'ModelLoadFailed', message: 'no model' },
      },
    },
    progressing: {
      conditions: [
        condition('PredictorReady', 'Unknown', { reason: 'Deploying' }),
        condition('Ready', 'Unknown', { reason: 'Deploying' }),
      ],
    },
    stopped: {
      conditions: [
        condition('Stopped', 'True', { reason: 'Stopped' }),
        condition('Ready', 'False', { reason: 'Stopped' }),
      ],
    },
  };
  const base = statusByState[state] as Record<string, unknown> | undefined;
  const status = base && {
    ...base,
    url: `http://${name}.${namespace}.example.com`,
    address: { url: `http://${name}.${namespace}.svc.cluster.local` },
    deploymentMode,
    observedGeneration: generation,
    ...(deploymentMode === 'Serverless' &&
      state !== 'no-status' && {
        components: {
          predictor: {
            latestCreatedRevision: latest,
            latestReadyRevision: state === 'degraded' ? previous : latest,
            latestRolledoutRevision: state === 'canary' ? previous : latest,
            ...(state === 'canary' && { previousRolledoutRevision: previous }),
            traffic,
          },
        },
      }),
  };
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name,
      namespace,
      uid: fixture.uid ?? `uid-${namespace}-${name}`,
      resourceVersion: fixture.resourceVersion ?? '1',
      generation,
      creationTimestamp: '2026-10-01T00:00:00Z',
      labels: fixture.labels ?? {},
      annotations: {
        'serving.kserve.io/deploymentMode': deploymentMode,
        ...fixture.annotations,
      },
    },
    spec: { predictor },
    ...(status && { status }),
  };
}

/**
 * What a user applies for an InferenceService: its apiVersion, kind, name, namespace, labels,
 * annotations and spec — none of the metadata the server sets, and no status.
 *
 * @public
 */
export function inferenceServiceManifest(
  object: InferenceServiceObject,
): InferenceServiceObject {
  const { name, namespace, labels, annotations } = object.metadata;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name, namespace, labels, annotations },
    spec: object.spec,
  };
}
