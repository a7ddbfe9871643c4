import type { ServingEvent } from '@mlops-portal/plugin-kserve-common';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import type {
  InstanceClients,
  UpstreamInstanceConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * One cluster KServe is read from: an entry of Backstage's `kubernetes.clusterLocatorMethods`
 * (type `config`), with what `kserve:` adds for it. As an instance of the kit, `baseUrl` is the
 * API server URL and `uiUrl` the cluster's `dashboardUrl` (else the API server URL).
 *
 * @public
 */
export type KserveClusterConfig = UpstreamInstanceConfig & {
  /** Skip TLS verification of the API server (`skipTLSVerify`). */
  skipTLSVerify: boolean;
  /** Base64 PEM of the API server's CA (`caData`). */
  caData?: string;
  /** A file holding the CA PEM (`caFile`). */
  caFile?: string;
  /**
   * A service account token file read on every request when `serviceAccountToken` is not set:
   * the in-cluster token (`/var/run/secrets/kubernetes.io/serviceaccount/token`), which the
   * kubelet rotates.
   */
  serviceAccountTokenFile?: string;
  /** Namespaces to read InferenceServices from; empty means every namespace. */
  namespaces: string[];
  /** A Kubernetes label selector the InferenceServices must match, e.g. `team,!experimental`. */
  labelSelector?: string;
  /** Items per list page (`limit`). */
  pageSize: number;
};

/**
 * An InferenceService (or a manifest of one) as plain JSON, as the API server returns it. Only
 * `metadata.name` and `.namespace` are checked when it is read; the rest is read by
 * `describeInferenceService`, which reports malformed fields.
 *
 * @public
 */
export interface InferenceServiceObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/**
 * A page of InferenceServices, with the `continue` token of the next one.
 *
 * @public
 */
export interface InferenceServicePage {
  /** This page's objects. */
  items: InferenceServiceObject[];
  /** The token of the next page; absent on the last. */
  continueToken?: string;
  /** The list's `metadata.resourceVersion`, where a watch continues from. */
  resourceVersion: string;
}

/**
 * One event of a watch. A `BOOKMARK` carries only `metadata.resourceVersion`.
 *
 * @public
 */
export interface InferenceServiceWatchEvent {
  /** What happened. */
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  /** The object after the change (before it, for `DELETED`). */
  object: InferenceServiceObject;
}

/**
 * A running watch.
 *
 * @public
 */
export interface InferenceServiceWatch {
  /** Ends the watch; `done` then resolves. */
  stop(): void;
  /**
   * Resolves when the watch ends (stopped, or the server closed it, as it does after a while);
   * rejects when it failed: `WatchExpiredError` (410) when its resourceVersion is too old, then a
   * relist is needed.
   */
  done: Promise<void>;
}

/**
 * What server-side apply did.
 *
 * @public
 */
export interface InferenceServiceApplyResult {
  /** The object as the server stored it (or would, on a dry run). */
  object: InferenceServiceObject;
  /** Whether it did not exist before. */
  created: boolean;
  /**
   * Paths of fields the manifest set that the stored object does not have: the CRD does not
   * know them and the server pruned them, e.g. `spec.predictor.model.storageURI`.
   */
  prunedFields: string[];
}

/**
 * The Kubernetes API of one cluster, as the KServe plugins use it. Failures are
 * `@backstage/errors` types carrying the kit's upstream details: `NotFoundError` (404),
 * `ConflictError` (409, the object changed meanwhile), `InputError` (400/422, with the server's
 * causes), `NotAllowedError` (401/403: the backend's own credentials were refused) and
 * `ServiceUnavailableError` (no connection, timeout, 5xx, an answer that is not a Kubernetes
 * object).
 *
 * @public
 */
export interface KserveClusterApi {
  /** The cluster this client talks to. */
  readonly cluster: KserveClusterConfig;

  /** One page of InferenceServices in a namespace, or in every namespace. */
  listInferenceServices(options: {
    namespace?: string;
    labelSelector?: string;
    limit?: number;
    continueToken?: string;
  }): Promise<InferenceServicePage>;

  /** One InferenceService (cached briefly for reads unless `fresh`). */
  getInferenceService(
    ref: NamespacedName,
    options?: { fresh?: boolean },
  ): Promise<InferenceServiceObject>;

  /** The core v1 events about one InferenceService, newest first. */
  listEvents(
    ref: NamespacedName & { uid?: string },
    options?: { limit?: number },
  ): Promise<ServingEvent[]>;

  /**
   * Sets `spec.predictor.canaryTrafficPercent` by a merge patch that carries
   * `metadata.resourceVersion`, so that the server refuses it (409 → `ConflictError`) when the
   * object changed since it was read.
   */
  patchCanaryTrafficPercent(
    ref: NamespacedName,
    percent: number,
    resourceVersion: string,
  ): Promise<InferenceServiceObject>;

  /** Watches InferenceServices from a resourceVersion (that of a list). */
  watchInferenceServices(
    options: {
      namespace?: string;
      labelSelector?: string;
      resourceVersion: string;
      /** How long the server keeps the watch open before closing it; default 300 s. */
      timeoutSeconds?: number;
    },
    onEvent: (event: InferenceServiceWatchEvent) => void,
  ): Promise<InferenceServiceWatch>;

  /** Server-side apply of a manifest under a field manager (`force` takes over conflicting fields). */
  applyInferenceService(
    manifest: InferenceServiceObject,
    options: { fieldManager: string; dryRun?: boolean; force?: boolean },
  ): Promise<InferenceServiceApplyResult>;
}

/**
 * The client of every configured cluster, the default (first) one for `forInstance()`: what
 * `kserveClustersServiceRef` provides.
 *
 * @public
 */
export type KserveClusters = InstanceClients<
  KserveClusterApi,
  KserveClusterConfig
>;
