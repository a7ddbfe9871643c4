import type {
  InferenceServiceSummary,
  ModelStatusSummary,
  PredictorSummary,
  ServingCondition,
  TrafficSplit,
  TrafficTarget,
} from './api';
import {
  JsonRecord,
  MalformedObjectError,
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalRecord,
  optionalString,
  optionalStringMap,
  recordItem,
  requiredString,
} from './read';
import { servingVerdict } from './verdict';

/** The predictor keys of KServe's built-in frameworks (the older spec, before `model:`). */
const FRAMEWORK_KEYS = [
  'sklearn',
  'xgboost',
  'lightgbm',
  'tensorflow',
  'pytorch',
  'onnx',
  'triton',
  'pmml',
  'paddle',
  'huggingface',
] as const;

/** The annotation older KServe reads the deployment mode from. */
export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';
/** The annotation that stops an InferenceService (KServe 0.15+). */
export const STOP_ANNOTATION = 'serving.kserve.io/stop';

function readPredictor(
  spec: JsonRecord,
  status?: JsonRecord,
): PredictorSummary {
  const path = 'spec.predictor';
  const predictor = optionalRecord(spec, 'predictor', 'spec');
  if (!predictor) {
    throw new MalformedObjectError(path, 'is missing');
  }
  let modelFormat: string | undefined;
  let modelFormatVersion: string | undefined;
  let model = optionalRecord(predictor, 'model', path);
  let modelPath = `${path}.model`;
  if (model) {
    const format = optionalRecord(model, 'modelFormat', modelPath);
    modelFormat = optionalString(format, 'name', `${modelPath}.modelFormat`);
    modelFormatVersion = optionalString(
      format,
      'version',
      `${modelPath}.modelFormat`,
    );
  } else {
    const key = FRAMEWORK_KEYS.find(k => predictor[k] !== undefined);
    if (key) {
      model = optionalRecord(predictor, key, path);
      modelPath = `${path}.${key}`;
      modelFormat = key;
    } else if (optionalArray(predictor, 'containers', path)?.length) {
      modelFormat = 'custom container';
    }
  }
  return {
    modelFormat,
    modelFormatVersion,
    runtime:
      optionalString(model, 'runtime', modelPath) ??
      optionalString(status, 'servingRuntimeName', 'status') ??
      optionalString(status, 'clusterServingRuntimeName', 'status'),
    protocolVersion:
      optionalString(model, 'protocolVersion', modelPath) ?? 'v1',
    storageUri: optionalString(model, 'storageUri', modelPath),
    canaryTrafficPercent: optionalInteger(
      predictor,
      'canaryTrafficPercent',
      path,
    ),
    minReplicas: optionalInteger(predictor, 'minReplicas', path),
    maxReplicas: optionalInteger(predictor, 'maxReplicas', path),
  };
}

function readConditions(status?: JsonRecord): ServingCondition[] {
  const items = optionalArray(status, 'conditions', 'status') ?? [];
  return items.map((item, i) => {
    const path = `status.conditions[${i}]`;
    const c = recordItem(item, path);
    return {
      type: requiredString(c, 'type', path),
      status: requiredString(c, 'status', path),
      reason: optionalString(c, 'reason', path),
      message: optionalString(c, 'message', path),
      lastTransitionTime: optionalString(c, 'lastTransitionTime', path),
      severity: optionalString(c, 'severity', path),
    };
  });
}

function readTraffic(status?: JsonRecord): TrafficSplit | undefined {
  const components = optionalRecord(status, 'components', 'status');
  const path = 'status.components.predictor';
  const predictor = optionalRecord(
    components,
    'predictor',
    'status.components',
  );
  if (!predictor) return undefined;
  const targets: TrafficTarget[] = (
    optionalArray(predictor, 'traffic', path) ?? []
  ).map((item, i) => {
    const p = `${path}.traffic[${i}]`;
    const t = recordItem(item, p);
    const percent = optionalInteger(t, 'percent', p) ?? 0;
    if (percent < 0 || percent > 100) {
      throw new MalformedObjectError(
        `${p}.percent`,
        `is ${percent}, expected 0 to 100`,
      );
    }
    return {
      revisionName: optionalString(t, 'revisionName', p),
      percent,
      latestRevision: optionalBoolean(t, 'latestRevision', p) ?? false,
      tag: optionalString(t, 'tag', p),
      url: optionalString(t, 'url', p),
    };
  });
  const latestCreatedRevision = optionalString(
    predictor,
    'latestCreatedRevision',
    path,
  );
  const latestReadyRevision = optionalString(
    predictor,
    'latestReadyRevision',
    path,
  );
  const isLatest = (t: TrafficTarget) =>
    t.latestRevision ||
    (latestReadyRevision !== undefined &&
      t.revisionName === latestReadyRevision);
  const latestPercent = targets
    .filter(isLatest)
    .reduce((sum, t) => sum + t.percent, 0);
  const stablePercent = targets
    .filter(t => !isLatest(t))
    .reduce((sum, t) => sum + t.percent, 0);
  return {
    targets,
    latestPercent: targets.length === 0 ? 100 : latestPercent,
    stablePercent,
    latestCreatedRevision,
    latestReadyRevision,
    latestRolledoutRevision: optionalString(
      predictor,
      'latestRolledoutRevision',
      path,
    ),
    previousRolledoutRevision: optionalString(
      predictor,
      'previousRolledoutRevision',
      path,
    ),
  };
}

function readModelStatus(status?: JsonRecord): ModelStatusSummary | undefined {
  const path = 'status.modelStatus';
  const model = optionalRecord(status, 'modelStatus', 'status');
  if (!model) return undefined;
  const states = optionalRecord(model, 'states', path);
  const copies = optionalRecord(model, 'copies', path);
  const failure = optionalRecord(model, 'lastFailureInfo', path);
  const fp = `${path}.lastFailureInfo`;
  return {
    transitionStatus: optionalString(model, 'transitionStatus', path),
    activeModelState: optionalString(
      states,
      'activeModelState',
      `${path}.states`,
    ),
    targetModelState: optionalString(
      states,
      'targetModelState',
      `${path}.states`,
    ),
    copies: copies && {
      failedCopies: optionalInteger(copies, 'failedCopies', `${path}.copies`),
      totalCopies: optionalInteger(copies, 'totalCopies', `${path}.copies`),
    },
    lastFailureInfo: failure && {
      reason: optionalString(failure, 'reason', fp),
      message: optionalString(failure, 'message', fp),
      location: optionalString(failure, 'location', fp),
      exitCode: optionalInteger(failure, 'exitCode', fp),
      modelRevisionName: optionalString(failure, 'modelRevisionName', fp),
      time: optionalString(failure, 'time', fp),
    },
  };
}

function canaryUnsupportedReason(mode: string): string | undefined {
  if (mode === 'RawDeployment' || mode === 'Standard') {
    return `KServe has no canary rollout in ${mode} mode: one Deployment serves all traffic, so there is no split to change`;
  }
  if (mode === 'ModelMesh') {
    return 'KServe has no canary rollout in ModelMesh mode';
  }
  return undefined;
}

/**
 * What an InferenceService is and serves, checked: what the catalog maps. No conditions,
 * traffic or model status, which change with every rollout and which the entities do not carry.
 *
 * @public
 */
export type InferenceServiceOutline = Pick<
  InferenceServiceSummary,
  | 'cluster'
  | 'namespace'
  | 'name'
  | 'uid'
  | 'url'
  | 'deploymentMode'
  | 'predictor'
  | 'protocol'
> & {
  /** `metadata.labels`, every value checked to be a string (empty when absent). */
  labels: Record<string, string>;
  /** `metadata.annotations`, every value checked to be a string (empty when absent). */
  annotations: Record<string, string>;
};

/**
 * What an InferenceService says, checked, without the verdict.
 *
 * @public
 */
export type InferenceServiceFacts = Omit<InferenceServiceSummary, 'verdict'> & {
  /** Whether the object has a `status` at all (a controller has reconciled it once). */
  statusPresent: boolean;
  /** `serving.kserve.io/stop: "true"`. */
  stopRequested: boolean;
};

/** The object, its metadata and the two names every error is prefixed with. */
interface ObjectIdentity {
  root: JsonRecord;
  metadata: JsonRecord;
  namespace: string;
  name: string;
}

function readIdentity(object: unknown): ObjectIdentity {
  const root = recordItem(object, 'the InferenceService');
  const metadata = optionalRecord(root, 'metadata', 'object');
  if (!metadata) {
    throw new MalformedObjectError('metadata', 'is missing');
  }
  return {
    root,
    metadata,
    namespace: requiredString(metadata, 'namespace', 'metadata'),
    name: requiredString(metadata, 'name', 'metadata'),
  };
}

/** Runs a read of one object's fields, naming the object in what it throws. */
function withinObject<T>(identity: ObjectIdentity, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedObjectError) {
      throw new MalformedObjectError(
        `InferenceService ${identity.namespace}/${identity.name}: ${error.path}`,
        error.message.slice(error.path.length + 1),
      );
    }
    throw error;
  }
}

function readOutline(
  { root, metadata, namespace, name }: ObjectIdentity,
  cluster: string,
): InferenceServiceOutline {
  const annotations = optionalStringMap(metadata, 'annotations', 'metadata');
  const labels = optionalStringMap(metadata, 'labels', 'metadata');
  const spec = optionalRecord(root, 'spec', 'object');
  if (!spec) {
    throw new MalformedObjectError('spec', 'is missing');
  }
  const status = optionalRecord(root, 'status', 'object');
  const predictor = readPredictor(spec, status);
  return {
    cluster,
    namespace,
    name,
    uid: optionalString(metadata, 'uid', 'metadata'),
    url: optionalString(status, 'url', 'status'),
    deploymentMode:
      optionalString(status, 'deploymentMode', 'status') ||
      annotations[DEPLOYMENT_MODE_ANNOTATION] ||
      'Serverless',
    predictor,
    protocol: /v2/.test(predictor.protocolVersion) ? 'v2' : 'v1',
    labels,
    annotations,
  };
}

/**
 * Reads what an InferenceService (`serving.kserve.io/v1beta1`, as the API server returns it)
 * is and serves; throws `MalformedObjectError` naming the first of those fields that is not
 * what the CRD says. Its status beyond the URL, deployment mode and runtime is not read.
 *
 * @public
 */
export function readInferenceServiceOutline(
  object: unknown,
  cluster: string,
): InferenceServiceOutline {
  const identity = readIdentity(object);
  return withinObject(identity, () => readOutline(identity, cluster));
}

/**
 * Reads an InferenceService (`serving.kserve.io/v1beta1`, as the API server returns it) into
 * its facts; throws `MalformedObjectError` naming the first field that is not what the CRD
 * says. Every field the CRD leaves optional may be absent.
 *
 * @public
 */
export function readInferenceService(
  object: unknown,
  cluster: string,
): InferenceServiceFacts {
  const identity = readIdentity(object);
  return withinObject(identity, () => {
    const { root, metadata } = identity;
    // Labels and annotations are checked, but not handed on: the portal shows neither.
    const {
      labels: _labels,
      annotations,
      ...outline
    } = readOutline(identity, cluster);
    const status = optionalRecord(root, 'status', 'object');
    return {
      ...outline,
      resourceVersion: optionalString(metadata, 'resourceVersion', 'metadata'),
      generation: optionalInteger(metadata, 'generation', 'metadata'),
      observedGeneration: optionalInteger(
        status,
        'observedGeneration',
        'status',
      ),
      createdAt: optionalString(metadata, 'creationTimestamp', 'metadata'),
      address: optionalString(
        optionalRecord(status, 'address', 'status'),
        'url',
        'status.address',
      ),
      canaryUnsupportedReason: canaryUnsupportedReason(outline.deploymentMode),
      traffic: readTraffic(status),
      conditions: readConditions(status),
      modelStatus: readModelStatus(status),
      statusPresent: status !== undefined,
      stopRequested: annotations[STOP_ANNOTATION] === 'true',
    };
  });
}

/**
 * Reads an InferenceService (`serving.kserve.io/v1beta1`, as the API server returns it) into
 * what the portal shows, with its verdict; throws `MalformedObjectError` naming the first field
 * that is not what the CRD says. Every field the CRD leaves optional may be absent.
 *
 * @public
 */
export function describeInferenceService(
  object: unknown,
  cluster: string,
): InferenceServiceSummary {
  const facts = readInferenceService(object, cluster);
  const { statusPresent: _status, stopRequested: _stop, ...summary } = facts;
  return { ...summary, verdict: servingVerdict(facts) };
}
