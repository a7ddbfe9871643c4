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

/** The paths of a model's fields below where it is (`model` or a framework key). */
interface ModelFieldPaths {
  base: string;
  modelFormat: string;
  modelFormatName: string;
  modelFormatVersion: string;
  runtime: string;
  protocolVersion: string;
  storageUri: string;
}

/** Made once per place (a dozen at most), not per object: errors are rare, objects many. */
const modelFieldPathsMemo = new Map<string, ModelFieldPaths>();

function modelFieldPaths(base: string): ModelFieldPaths {
  let paths = modelFieldPathsMemo.get(base);
  if (!paths) {
    paths = {
      base,
      modelFormat: `${base}.modelFormat`,
      modelFormatName: `${base}.modelFormat.name`,
      modelFormatVersion: `${base}.modelFormat.version`,
      runtime: `${base}.runtime`,
      protocolVersion: `${base}.protocolVersion`,
      storageUri: `${base}.storageUri`,
    };
    modelFieldPathsMemo.set(base, paths);
  }
  return paths;
}

function readPredictor(
  spec: JsonRecord,
  status?: JsonRecord,
): PredictorSummary {
  const predictor = optionalRecord(spec.predictor, 'spec.predictor');
  if (!predictor) {
    throw new MalformedObjectError('spec.predictor', 'is missing');
  }
  let modelFormat: string | undefined;
  let modelFormatVersion: string | undefined;
  let paths = modelFieldPaths('spec.predictor.model');
  let model = optionalRecord(predictor.model, paths.base);
  if (model) {
    const format = optionalRecord(model.modelFormat, paths.modelFormat);
    modelFormat = optionalString(format?.name, paths.modelFormatName);
    modelFormatVersion = optionalString(
      format?.version,
      paths.modelFormatVersion,
    );
  } else {
    const key = FRAMEWORK_KEYS.find(k => predictor[k] !== undefined);
    if (key) {
      paths = modelFieldPaths(`spec.predictor.${key}`);
      model = optionalRecord(predictor[key], paths.base);
      modelFormat = key;
    } else if (
      optionalArray(predictor.containers, 'spec.predictor.containers')?.length
    ) {
      modelFormat = 'custom container';
    }
  }
  return {
    modelFormat,
    modelFormatVersion,
    runtime:
      optionalString(model?.runtime, paths.runtime) ??
      optionalString(status?.servingRuntimeName, 'status.servingRuntimeName') ??
      optionalString(
        status?.clusterServingRuntimeName,
        'status.clusterServingRuntimeName',
      ),
    protocolVersion:
      optionalString(model?.protocolVersion, paths.protocolVersion) ?? 'v1',
    storageUri: optionalString(model?.storageUri, paths.storageUri),
    canaryTrafficPercent: optionalInteger(
      predictor.canaryTrafficPercent,
      'spec.predictor.canaryTrafficPercent',
    ),
    minReplicas: optionalInteger(
      predictor.minReplicas,
      'spec.predictor.minReplicas',
    ),
    maxReplicas: optionalInteger(
      predictor.maxReplicas,
      'spec.predictor.maxReplicas',
    ),
  };
}

function readConditions(status?: JsonRecord): ServingCondition[] {
  const items = optionalArray(status?.conditions, 'status.conditions') ?? [];
  return items.map((item, i) => {
    const path = `status.conditions[${i}]`;
    const c = recordItem(item, path);
    return {
      type: requiredString(c.type, `${path}.type`),
      status: requiredString(c.status, `${path}.status`),
      reason: optionalString(c.reason, `${path}.reason`),
      message: optionalString(c.message, `${path}.message`),
      lastTransitionTime: optionalString(
        c.lastTransitionTime,
        `${path}.lastTransitionTime`,
      ),
      severity: optionalString(c.severity, `${path}.severity`),
    };
  });
}

function readTraffic(status?: JsonRecord): TrafficSplit | undefined {
  const components = optionalRecord(status?.components, 'status.components');
  const path = 'status.components.predictor';
  const predictor = optionalRecord(
    components?.predictor,
    'status.components.predictor',
  );
  if (!predictor) return undefined;
  const targets: TrafficTarget[] = (
    optionalArray(predictor.traffic, 'status.components.predictor.traffic') ??
    []
  ).map((item, i) => {
    const p = `${path}.traffic[${i}]`;
    const t = recordItem(item, p);
    const percent = optionalInteger(t.percent, `${p}.percent`) ?? 0;
    if (percent < 0 || percent > 100) {
      throw new MalformedObjectError(
        `${p}.percent`,
        `is ${percent}, expected 0 to 100`,
      );
    }
    return {
      revisionName: optionalString(t.revisionName, `${p}.revisionName`),
      percent,
      latestRevision:
        optionalBoolean(t.latestRevision, `${p}.latestRevision`) ?? false,
      tag: optionalString(t.tag, `${p}.tag`),
      url: optionalString(t.url, `${p}.url`),
    };
  });
  const latestCreatedRevision = optionalString(
    predictor.latestCreatedRevision,
    'status.components.predictor.latestCreatedRevision',
  );
  const latestReadyRevision = optionalString(
    predictor.latestReadyRevision,
    'status.components.predictor.latestReadyRevision',
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
      predictor.latestRolledoutRevision,
      'status.components.predictor.latestRolledoutRevision',
    ),
    previousRolledoutRevision: optionalString(
      predictor.previousRolledoutRevision,
      'status.components.predictor.previousRolledoutRevision',
    ),
  };
}

function readModelStatus(status?: JsonRecord): ModelStatusSummary | undefined {
  const model = optionalRecord(status?.modelStatus, 'status.modelStatus');
  if (!model) return undefined;
  const states = optionalRecord(model.states, 'status.modelStatus.states');
  const copies = optionalRecord(model.copies, 'status.modelStatus.copies');
  const failure = optionalRecord(
    model.lastFailureInfo,
    'status.modelStatus.lastFailureInfo',
  );
  return {
    transitionStatus: optionalString(
      model.transitionStatus,
      'status.modelStatus.transitionStatus',
    ),
    activeModelState: optionalString(
      states?.activeModelState,
      'status.modelStatus.states.activeModelState',
    ),
    targetModelState: optionalString(
      states?.targetModelState,
      'status.modelStatus.states.targetModelState',
    ),
    copies: copies && {
      failedCopies: optionalInteger(
        copies.failedCopies,
        'status.modelStatus.copies.failedCopies',
      ),
      totalCopies: optionalInteger(
        copies.totalCopies,
        'status.modelStatus.copies.totalCopies',
      ),
    },
    lastFailureInfo: failure && {
      reason: optionalString(
        failure.reason,
        'status.modelStatus.lastFailureInfo.reason',
      ),
      message: optionalString(
        failure.message,
        'status.modelStatus.lastFailureInfo.message',
      ),
      location: optionalString(
        failure.location,
        'status.modelStatus.lastFailureInfo.location',
      ),
      exitCode: optionalInteger(
        failure.exitCode,
        'status.modelStatus.lastFailureInfo.exitCode',
      ),
      modelRevisionName: optionalString(
        failure.modelRevisionName,
        'status.modelStatus.lastFailureInfo.modelRevisionName',
      ),
      time: optionalString(
        failure.time,
        'status.modelStatus.lastFailureInfo.time',
      ),
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
  const metadata = optionalRecord(root.metadata, 'object.metadata');
  if (!metadata) {
    throw new MalformedObjectError('metadata', 'is missing');
  }
  return {
    root,
    metadata,
    namespace: requiredString(metadata.namespace, 'metadata.namespace'),
    name: requiredString(metadata.name, 'metadata.name'),
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
  const annotations = optionalStringMap(
    metadata.annotations,
    'metadata.annotations',
  );
  const labels = optionalStringMap(metadata.labels, 'metadata.labels');
  const spec = optionalRecord(root.spec, 'object.spec');
  if (!spec) {
    throw new MalformedObjectError('spec', 'is missing');
  }
  const status = optionalRecord(root.status, 'object.status');
  const predictor = readPredictor(spec, status);
  return {
    cluster,
    namespace,
    name,
    uid: optionalString(metadata.uid, 'metadata.uid'),
    url: optionalString(status?.url, 'status.url'),
    deploymentMode:
      optionalString(status?.deploymentMode, 'status.deploymentMode') ||
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
    const status = optionalRecord(root.status, 'object.status');
    return {
      ...outline,
      resourceVersion: optionalString(
        metadata.resourceVersion,
        'metadata.resourceVersion',
      ),
      generation: optionalInteger(metadata.generation, 'metadata.generation'),
      observedGeneration: optionalInteger(
        status?.observedGeneration,
        'status.observedGeneration',
      ),
      createdAt: optionalString(
        metadata.creationTimestamp,
        'metadata.creationTimestamp',
      ),
      address: optionalString(
        optionalRecord(status?.address, 'status.address')?.url,
        'status.address.url',
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
