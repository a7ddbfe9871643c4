import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import type { KserveClusterConfig } from '@mlops-portal/plugin-kserve-node';
import { tryParseOwnerRef } from '@mlops-portal/plugin-mlops-common';
import { providerLocationRef } from '@mlops-portal/plugin-mlops-node';
import type { KserveProviderConfig } from '../providers/readKserveProviderConfig';
import type { KserveApiProtocol } from './apiDefinitions';

/*
 * The parts of a model server's entities that are not its own: owner rules, tags, links and
 * what one cluster's entities share. Several are made once and reused: a relist maps thousands
 * of InferenceServices, which have a few owners, model formats and clusters between them.
 */

/**
 * The owner by the first rule that names a valid one: the owner annotation (an entity ref), the
 * owner label (a group), the default owner.
 *
 * @internal
 */
export function readOwner(
  annotations: Record<string, string>,
  labels: Record<string, string>,
  config: Pick<
    KserveProviderConfig,
    'defaultOwner' | 'ownerAnnotation' | 'ownerLabel'
  >,
): { ref: string; invalid: string | undefined } {
  const annotation = annotations[config.ownerAnnotation];
  const annotated = ownerRefOf(annotation);
  if (annotated) {
    return { ref: annotated, invalid: undefined };
  }
  const label = labels[config.ownerLabel];
  const labelled = ownerRefOf(label);
  // A value that is there but names no owner is reported; the next rule applies.
  const invalid = annotation?.trim()
    ? `annotation ${config.ownerAnnotation}: ${JSON.stringify(annotation)}`
    : undefined;
  if (labelled) {
    return { ref: labelled, invalid };
  }
  return {
    ref: config.defaultOwner,
    invalid:
      invalid ??
      (label?.trim()
        ? `label ${config.ownerLabel}: ${JSON.stringify(label)}`
        : undefined),
  };
}

/** The owner ref an annotation or label holds, if any (no object per call: one per relisted object). */
function ownerRefOf(value: string | undefined): string | undefined {
  return value?.trim() ? tryParseOwnerRef(value) : undefined;
}

/** A catalog tag: lower-case `[a-z0-9:+#]` words joined by single `-`, at most 63 characters. */
function toTag(value: string | undefined): string | undefined {
  const tag = value
    ?.toLowerCase()
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return tag && tag.length <= 63 ? tag : undefined;
}

function uniqueTags(values: Array<string | undefined>): string[] {
  return [...new Set(values.map(toTag).filter((t): t is string => !!t))];
}

/**
 * The API entities' tags, by protocol.
 *
 * @internal
 */
export const API_TAGS = {
  v1: uniqueTags(['kserve', 'v1']),
  v2: uniqueTags(['kserve', 'v2']),
} as const;

/**
 * What a model server's Component shares with every other one of the same model format,
 * runtime, protocol and deployment mode.
 *
 * @internal
 */
export interface ServerParts {
  /** Its tags; copy them (the catalog may change an entity it was handed). */
  tags: readonly string[];
  /** Its description: what it serves, how, on which protocol. */
  description: string;
}

/** How the entities name each protocol. */
export const PROTOCOL_TITLES: Readonly<Record<KserveApiProtocol, string>> = {
  v1: 'KServe V1',
  v2: 'V2 (Open Inference Protocol)',
};

/**
 * Model formats, runtimes and deployment modes are few: their parts are made once per set, found
 * by one key at a time (no key string joined per InferenceService).
 */
type ServerPartsMemo = Map<
  string,
  Map<string, Map<string, Partial<Record<KserveApiProtocol, ServerParts>>>>
>;
const serverPartsMemo: ServerPartsMemo = new Map();
/** Parts remembered at most (all of them forgotten then): runtimes and modes are free text. */
const MAX_SERVER_PARTS = 1_000;
let serverPartsCount = 0;

/**
 * A Component's tags and description, made once per model format, runtime, protocol and
 * deployment mode rather than once per InferenceService.
 *
 * @internal
 */
export function serverParts(
  modelFormat: string | undefined,
  runtime: string | undefined,
  protocol: KserveApiProtocol,
  deploymentMode: string,
): ServerParts {
  if (serverPartsCount >= MAX_SERVER_PARTS) {
    serverPartsMemo.clear();
    serverPartsCount = 0;
  }
  let byRuntime = serverPartsMemo.get(modelFormat ?? '');
  if (!byRuntime) {
    byRuntime = new Map();
    serverPartsMemo.set(modelFormat ?? '', byRuntime);
  }
  let byMode = byRuntime.get(runtime ?? '');
  if (!byMode) {
    byMode = new Map();
    byRuntime.set(runtime ?? '', byMode);
  }
  let byProtocol = byMode.get(deploymentMode);
  if (!byProtocol) {
    byProtocol = {};
    byMode.set(deploymentMode, byProtocol);
  }
  let parts = byProtocol[protocol];
  if (!parts) {
    const served = `${
      modelFormat ? `${modelFormat} model` : 'Model'
    } served by KServe`;
    parts = {
      tags: uniqueTags(['kserve', modelFormat, deploymentMode]),
      description:
        `${served}${runtime ? `, runtime ${runtime}` : ''}, ` +
        `${PROTOCOL_TITLES[protocol]} protocol, ${deploymentMode} deployment.`,
    };
    byProtocol[protocol] = parts;
    serverPartsCount++;
  }
  return parts;
}

/**
 * An http(s) URL that WHATWG's parser is known to accept: a host of dot-separated ASCII labels
 * (single inner hyphens, so no `xn--` label that could fail IDNA; the last label starting with
 * a letter, so no IPv4 parse), an optional port below 10000 and a path of characters a path may
 * hold. What the KServe controller writes into `status.url`; anything else is parsed.
 *
 * @internal
 */
export const PLAIN_HTTP_URL =
  /^[hH][tT][tT][pP][sS]?:\/\/(?:[a-zA-Z0-9](?:-?[a-zA-Z0-9])*\.)*[a-zA-Z](?:-?[a-zA-Z0-9])*(?::[0-9]{1,4})?(?:\/[\w.~!$&'()*+,;=:@%/-]*)?$/;

/**
 * The URL when it is an http(s) URL, for a link; undefined otherwise.
 *
 * @internal
 */
export function httpUrl(value: string | undefined): string | undefined {
  // The plain shape first: no URL parse (a call into the runtime) per InferenceService of a relist.
  if (!value) return undefined;
  if (PLAIN_HTTP_URL.test(value)) return value;
  return /^https?:\/\//i.test(value) && URL.canParse(value) ? value : undefined;
}

/**
 * What every entity of a cluster shares: its location ref and its dashboard link.
 *
 * @internal
 */
export interface ClusterParts {
  /** `mlops:kserve/<cluster>` (`providerLocationRef`): its entities' managed-by and origin location. */
  location: string;
  dashboard?: string;
  /** What an API's description says between the InferenceService and its model's name. */
  apiDescriptionMiddle: string;
}

const clusterPartsMemo = new WeakMap<object, ClusterParts>();

/**
 * The parts of a cluster's entities, made once per cluster config rather than per object.
 *
 * @internal
 */
export function clusterParts(
  cluster: Pick<KserveClusterConfig, 'name' | 'baseUrl' | 'uiUrl'>,
): ClusterParts {
  let parts = clusterPartsMemo.get(cluster);
  if (!parts) {
    parts = {
      location: providerLocationRef(KSERVE_SYSTEM, cluster.name),
      // uiUrl falls back to the API server, which is no page for people.
      dashboard:
        cluster.uiUrl === cluster.baseUrl ? undefined : httpUrl(cluster.uiUrl),
      apiDescriptionMiddle: ` on cluster ${cluster.name}; the model is called '`,
    };
    clusterPartsMemo.set(cluster, parts);
  }
  return parts;
}

/**
 * A storage URI without user and password: the catalog is readable by everyone signed in.
 *
 * @internal
 */
export function withoutCredentials(uri: string): string {
  // No '@', no user or password: most storage URIs need no parsing.
  if (!uri.includes('@')) {
    return uri;
  }
  try {
    const url = new URL(uri);
    if (url.username || url.password) {
      url.username = '';
      url.password = '';
      return url.toString();
    }
  } catch {
    // Not a URL (e.g. a PVC path): nothing to strip.
  }
  return uri;
}
