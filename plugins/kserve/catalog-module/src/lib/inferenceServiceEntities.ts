import {
  CommonValidatorFunctions,
  Entity,
  EntityLink,
} from '@backstage/catalog-model';
import {
  InferenceServiceOutline,
  MalformedObjectError,
  SPEC_TYPE_MODEL_SERVER,
  readInferenceServiceOutline,
} from '@mlops-portal/plugin-kserve-common';
import {
  KserveClusterConfig,
  kserveEntityRefs,
} from '@mlops-portal/plugin-kserve-node';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import type { KserveProviderConfig } from '../providers/readKserveProviderConfig';
import { apiDefinition } from './apiDefinitions';
import {
  API_TAGS,
  PROTOCOL_TITLES,
  clusterParts,
  httpUrl,
  readOwner,
  serverParts,
  withoutCredentials,
} from './entityParts';
import {
  RegisteredModelReference,
  registeredModelReference,
} from './modelReferences';
import {
  KserveModelServerEntityData,
  KserveModelServerEntitySpec,
} from './types';

/** The label a model server's lifecycle is read from. */
export const LIFECYCLE_LABEL = 'app.kubernetes.io/lifecycle';
/** An InferenceService serves traffic unless its label says otherwise. */
export const DEFAULT_LIFECYCLE = 'production';
/**
 * `serving.kserve.io/inferenceservice=`: the label KServe puts on every pod, Deployment and
 * Knative Service of an InferenceService, as a selector's start.
 */
const KSERVE_OBJECT_SELECTOR = 'serving.kserve.io/inferenceservice=';

/** How an API's description starts, by protocol. */
const API_DESCRIPTION_STARTS = {
  v1: `The ${PROTOCOL_TITLES.v1} REST API of KServe InferenceService `,
  v2: `The ${PROTOCOL_TITLES.v2} REST API of KServe InferenceService `,
} as const;

/**
 * What mapping the InferenceServices of one cluster needs beyond the objects.
 *
 * @internal
 */
export interface InferenceServiceEntityContext {
  /** Every configured cluster, the first one's entities unprefixed. */
  clusters: readonly Pick<KserveClusterConfig, 'name'>[];
  /** The cluster the objects come from. */
  cluster: Pick<KserveClusterConfig, 'name' | 'baseUrl' | 'uiUrl'>;
  /** Owners and their annotation and label. */
  config: Pick<
    KserveProviderConfig,
    'defaultOwner' | 'ownerAnnotation' | 'ownerLabel'
  >;
}

/**
 * What one InferenceService became: its Component and API, with what was odd about it, or why
 * it was left out.
 *
 * @internal
 */
export type InferenceServiceMapping =
  | {
      ok: true;
      /** `namespace/name`. */
      key: string;
      /** The `model-server` Component. */
      component: Entity;
      /** The API the Component provides. */
      api: Entity;
      /** The registered model it serves, when it names one (see {@link setModelResources}). */
      model?: RegisteredModelReference;
      /** The owner annotation or label, when it held no owner ref (the next rule applied). */
      invalidOwner?: string;
    }
  | {
      ok: false;
      /** `namespace/name`, when the object has them. */
      key?: string;
      /** What is wrong with it, naming the field. */
      problem: string;
    };

/**
 * The refs of the two entities of an InferenceService: what a deletion removes.
 *
 * @internal
 */
export function inferenceServiceEntityRefs(
  context: Pick<InferenceServiceEntityContext, 'clusters' | 'cluster'>,
  ref: NamespacedName,
): string[] {
  const refs = kserveEntityRefs(context.clusters, context.cluster.name, ref);
  return [refs.component, refs.api];
}

/**
 * `namespace/name` of an object, when it has them as strings.
 *
 * @internal
 */
export function inferenceServiceKey(object: unknown): string | undefined {
  const metadata = (object as { metadata?: unknown } | null)?.metadata as
    | { namespace?: unknown; name?: unknown }
    | undefined;
  return typeof metadata?.namespace === 'string' &&
    typeof metadata.name === 'string'
    ? `${metadata.namespace}/${metadata.name}`
    : undefined;
}

/**
 * Maps an InferenceService (as the API server returns it) to its `model-server` Component and
 * the `API` it provides; an object `describeInferenceService` finds malformed is left out with
 * the reason.
 *
 * @remarks
 * The Component's ref, location annotations, `kserve.io/inference-service` and
 * `kserve.io/cluster` are exactly `kserveInferenceServiceLocator`'s: the KServe backend
 * authorizes canary writes against this entity. Only what does not change with the status is on
 * the entities (a status update must not rewrite them); the Serving tab reads the rest live.
 *
 * @internal
 */
export function mapInferenceService(
  object: unknown,
  context: InferenceServiceEntityContext,
): InferenceServiceMapping {
  let summary: InferenceServiceOutline;
  try {
    // What it is and serves only: the entities carry no status, so none is read.
    summary = readInferenceServiceOutline(object, context.cluster.name);
  } catch (error) {
    if (error instanceof MalformedObjectError) {
      return {
        ok: false,
        key: inferenceServiceKey(object),
        problem: error.message,
      };
    }
    throw error;
  }
  const { namespace, name } = summary;
  const key = `${namespace}/${name}`;
  // The API server only stores such names; anything else would make no valid entity.
  if (!CommonValidatorFunctions.isValidDnsLabel(namespace)) {
    return {
      ok: false,
      key,
      problem: `metadata.namespace '${namespace}' is not a DNS-1123 label`,
    };
  }
  // Most names are one DNS label, which is a subdomain: that check spares splitting the name.
  if (
    !CommonValidatorFunctions.isValidDnsLabel(name) &&
    !CommonValidatorFunctions.isValidDnsSubdomain(name)
  ) {
    return {
      ok: false,
      key,
      problem: `metadata.name '${name}' is not a DNS-1123 subdomain`,
    };
  }
  const { labels, annotations } = summary;

  const { cluster, clusters } = context;
  const refs = kserveEntityRefs(clusters, cluster.name, { namespace, name });
  const owner = readOwner(annotations, labels, context.config);
  const lifecycle = labels[LIFECYCLE_LABEL]?.trim() || DEFAULT_LIFECYCLE;
  const reference = registeredModelReference(
    annotations,
    summary.predictor.storageUri,
  );

  const { location, dashboard, apiDescriptionMiddle } = clusterParts(cluster);
  // Object and array literals with literal keys and their final elements: made from one shape
  // per relist, where copying a shared object, computed keys or a push cost a lookup or a
  // larger backing store each. The first four annotations are ANNOTATION_LOCATION,
  // ANNOTATION_ORIGIN_LOCATION, ANNOTATION_KSERVE_CLUSTER and ANNOTATION_KSERVE_INFERENCE_SERVICE,
  // the uid ANNOTATION_KSERVE_UID (a test pins them to the constants).
  const identity: Record<string, string> = {
    'backstage.io/managed-by-location': location,
    'backstage.io/managed-by-origin-location': location,
    'kserve.io/cluster': cluster.name,
    'kserve.io/inference-service': key,
  };
  // Where Backstage's Kubernetes plugin finds the pods KServe runs for it.
  const selector = `${KSERVE_OBJECT_SELECTOR}${name}`;
  const componentAnnotations: Record<string, string> = {
    'backstage.io/managed-by-location': location,
    'backstage.io/managed-by-origin-location': location,
    'kserve.io/cluster': cluster.name,
    'kserve.io/inference-service': key,
    'backstage.io/kubernetes-namespace': namespace,
    'backstage.io/kubernetes-label-selector': selector,
  };
  if (summary.uid) componentAnnotations['kserve.io/uid'] = summary.uid;
  const url = httpUrl(summary.url);
  const { modelFormat, runtime, storageUri } = summary.predictor;
  const server = serverParts(
    modelFormat,
    runtime,
    summary.protocol,
    summary.deploymentMode,
  );
  // Arrays of objects made apart: a literal nesting another one is copied by walking it.
  let links: NonNullable<Entity['metadata']['links']>;
  let apiLinks: NonNullable<Entity['metadata']['links']>;
  const dashboardLink = dashboard
    ? { url: dashboard, title: `Cluster ${cluster.name}`, icon: 'dashboard' }
    : undefined;
  if (url) {
    // One link object per entity: the catalog may change an entity it was handed.
    const endpoint = endpointLink(url);
    links = dashboardLink ? [endpoint, dashboardLink] : [endpoint];
    apiLinks = [endpointLink(url)];
  } else {
    links = dashboardLink ? [dashboardLink] : [];
    apiLinks = [];
  }

  const kserve: KserveModelServerEntityData = {
    cluster: cluster.name,
    namespace,
    name,
    deploymentMode: summary.deploymentMode,
    protocolVersion: summary.predictor.protocolVersion,
  };
  if (modelFormat) kserve.modelFormat = modelFormat;
  if (runtime) kserve.runtime = runtime;
  if (storageUri) kserve.storageUri = withoutCredentials(storageUri);

  const providesApis = [refs.api];
  const spec: KserveModelServerEntitySpec = {
    type: SPEC_TYPE_MODEL_SERVER,
    lifecycle,
    owner: owner.ref,
    providesApis,
    kserve,
  };
  // Each object its own literal: V8 makes a nested literal by walking its whole template.
  const componentMetadata: Entity['metadata'] = {
    name: refs.name,
    namespace,
    title: name,
    description: server.description,
    annotations: componentAnnotations,
    tags: [...server.tags],
    links,
  };
  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: componentMetadata,
    spec,
  };
  const apiMetadata: Entity['metadata'] = {
    name: refs.name,
    namespace,
    title: `${name} inference API`,
    // The cluster's and protocol's parts are shared: four pieces of text per API, not eight.
    description: `${
      API_DESCRIPTION_STARTS[summary.protocol]
    }${key}${apiDescriptionMiddle}${name}' in its paths.`,
    annotations: identity,
    tags: [...API_TAGS[summary.protocol]],
    links: apiLinks,
  };
  const apiSpec = {
    type: 'openapi',
    lifecycle,
    owner: owner.ref,
    definition: apiDefinition(summary.protocol, url),
  };
  const api: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: apiMetadata,
    spec: apiSpec,
  };

  // Every field set, undefined or not: one shape for all of them.
  return {
    ok: true,
    key,
    component,
    api,
    model: reference,
    invalidOwner: owner.invalid,
  };
}

/**
 * Makes a mapped `model-server` Component depend on the `ml-model` Resources of the registered
 * model it serves (none: no `dependsOn`).
 *
 * @remarks
 * Apart from the mapping because finding them may take the MLflow model versions, read once
 * per relist after the cluster's pages.
 *
 * @internal
 */
export function setModelResources(component: Entity, refs: string[]): void {
  const spec = component.spec as KserveModelServerEntitySpec;
  if (refs.length > 0) {
    spec.dependsOn = refs;
  } else if (spec.dependsOn) {
    // Only when there is one: a relist's Components have none, and deleting costs a call each.
    delete spec.dependsOn;
  }
}

/** The link to an InferenceService's endpoint. */
function endpointLink(url: string): EntityLink {
  return { url, title: 'Inference endpoint', icon: 'web' };
}
