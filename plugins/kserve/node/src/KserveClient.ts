import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  PatchStrategy,
  ServerConfiguration,
  setHeaderMiddleware,
  setHeaderOptions,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import {
  KSERVE_SYSTEM,
  ServingEvent,
} from '@mlops-portal/plugin-kserve-common';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import {
  getUpstreamErrorDetails,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import {
  AnswerContext,
  readInferenceService,
  readInferenceServicePage,
  readServingEvents,
} from './client/answers';
import { conflictError, runCall } from './client/calls';
import { ClusterHttpLibrary } from './client/ClusterHttpLibrary';
import { ClusterKubeConfig } from './client/ClusterKubeConfig';
import {
  checkCanaryPercent,
  checkFieldManager,
  checkLabelSelector,
  checkManifest,
  checkNamespace,
  checkPositiveInteger,
  checkRef,
  checkResourceVersion,
} from './client/input';
import { prunedFields } from './client/prunedFields';
import { DEFAULT_WATCH_TIMEOUT_SECONDS, startWatch } from './client/watch';
import { MAX_KSERVE_PAGE_SIZE } from './config/readKserveClusterConfigs';
import type {
  InferenceServiceApplyResult,
  InferenceServiceObject,
  InferenceServicePage,
  InferenceServiceWatch,
  InferenceServiceWatchEvent,
  KserveClusterApi,
  KserveClusterConfig,
} from './KserveApi';

const GROUP = 'serving.kserve.io';
const VERSION = 'v1beta1';
const PLURAL = 'inferenceservices';
/** Events shown when the caller names no limit. */
const DEFAULT_EVENT_LIMIT = 20;
/** Events read per object at most: they are aggregated (count) and expire after an hour. */
const MAX_EVENTS_READ = 500;

const collectionPath = (namespace?: string) =>
  namespace
    ? `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`
    : `/apis/${GROUP}/${VERSION}/${PLURAL}`;
const objectPath = (ref: NamespacedName) =>
  `${collectionPath(ref.namespace)}/${ref.name}`;

/**
 * Options for {@link KserveClient}.
 *
 * @public
 */
export interface KserveClientOptions {
  /** The cluster, from `readKserveClusterConfigs`. */
  instance: KserveClusterConfig;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /** The plugin's read cache (`readCacheServiceRef`); without it reads are only coalesced. */
  readCache?: ReadCache;
  /**
   * Sends requests through this fetch instead of client-node's own (undici with the cluster's
   * TLS settings, which it then does not apply): for tests, where msw intercepts the global
   * fetch. Watches always use client-node's.
   */
  fetch?: typeof fetch;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** How the service account token file is read (`fs.promises`); injectable for tests. */
  files?: { readFile(path: string, encoding: 'utf8'): Promise<string> };
}

/**
 * The Kubernetes client of one cluster for the KServe plugins, on `@kubernetes/client-node`
 * (its `CustomObjectsApi`, `CoreV1Api` and `Watch`).
 *
 * @remarks
 * Create one per cluster and keep it: connections are kept alive, and reads of one
 * InferenceService are cached in the plugin's read cache for the cluster's `cacheTtl` (writes
 * through this client drop them); a cached object is shared and deep-frozen, so copy it before
 * changing it. A cluster URL may carry a path prefix (a proxy, the demo's
 * sandbox on plain http). Every request has the cluster's timeout; GETs are retried as the
 * kit's are. Bad input is refused before anything is sent (InputError); failures are the kit's
 * upstream errors (see {@link KserveClusterApi}); an answer that is not what Kubernetes sends
 * is a ServiceUnavailableError naming the field.
 *
 * @public
 */
export class KserveClient implements KserveClusterApi {
  /** {@inheritDoc KserveClusterApi.cluster} */
  readonly cluster: KserveClusterConfig;
  private readonly kubeConfig: ClusterKubeConfig;
  private readonly customObjects: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly readCache: ReadCache;
  private readonly cacheScope: string;

  constructor(options: KserveClientOptions) {
    const cluster = options.instance;
    this.cluster = cluster;
    const logger = options.logger.child({
      system: KSERVE_SYSTEM.id,
      instance: cluster.name,
    });
    this.kubeConfig = new ClusterKubeConfig(cluster, options.files);
    const http = new ClusterHttpLibrary({
      cluster,
      logger,
      fetch: options.fetch,
      sleep: options.sleep,
    });
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(cluster.baseUrl, {}),
      authMethods: { default: this.kubeConfig },
      httpApi: wrapHttpLibrary(http),
      middleware: [setHeaderMiddleware('User-Agent', 'mlops-portal-kserve')],
    });
    this.customObjects = new CustomObjectsApi(configuration);
    this.core = new CoreV1Api(configuration);
    this.readCache = options.readCache ?? new ReadCache({ logger });
    this.cacheScope = `${KSERVE_SYSTEM.id}:${cluster.name}`;
  }

  /** {@inheritDoc KserveClusterApi.listInferenceServices} */
  async listInferenceServices(
    options: {
      namespace?: string;
      labelSelector?: string;
      limit?: number;
      continueToken?: string;
    } = {},
  ): Promise<InferenceServicePage> {
    const namespace =
      options.namespace === undefined
        ? undefined
        : checkNamespace(options.namespace);
    const query = {
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      limit: checkPositiveInteger(
        options.limit ?? this.cluster.pageSize,
        'limit',
        MAX_KSERVE_PAGE_SIZE,
      ),
      ...(options.continueToken && { _continue: options.continueToken }),
      ...(checkLabelSelector(options.labelSelector) && {
        labelSelector: options.labelSelector,
      }),
    };
    const context = this.context('GET', collectionPath(namespace));
    const body = await runCall(context, () =>
      namespace
        ? this.customObjects.listNamespacedCustomObject({ ...query, namespace })
        : this.customObjects.listClusterCustomObject(query),
    );
    return readInferenceServicePage(body, context);
  }

  /** {@inheritDoc KserveClusterApi.getInferenceService} */
  async getInferenceService(
    ref: NamespacedName,
    options: { fresh?: boolean } = {},
  ): Promise<InferenceServiceObject> {
    const checked = checkRef(ref);
    const load = () => this.readInferenceService(checked);
    if (options.fresh) {
      return load();
    }
    return this.readCache.readJson(
      ['inferenceservice', this.cluster.name, checked.namespace, checked.name],
      load,
      {
        scope: this.cacheScope,
        ttlMs: this.cluster.cacheTtlMs,
        staleMs: this.cluster.cacheTtlMs,
      },
    );
  }

  /** {@inheritDoc KserveClusterApi.listEvents} */
  async listEvents(
    ref: NamespacedName & { uid?: string },
    options: { limit?: number } = {},
  ): Promise<ServingEvent[]> {
    const checked = checkRef(ref);
    const limit = checkPositiveInteger(
      options.limit ?? DEFAULT_EVENT_LIMIT,
      'limit',
      MAX_EVENTS_READ,
    );
    const fieldSelector = [
      'involvedObject.kind=InferenceService',
      `involvedObject.name=${checked.name}`,
      ...(ref.uid ? [`involvedObject.uid=${ref.uid}`] : []),
    ].join(',');
    const context = this.context(
      'GET',
      `/api/v1/namespaces/${checked.namespace}/events`,
    );
    const body = await runCall(context, () =>
      this.core.listNamespacedEvent({
        namespace: checked.namespace,
        fieldSelector,
        limit: MAX_EVENTS_READ,
      }),
    );
    return readServingEvents(body, context, limit);
  }

  /** {@inheritDoc KserveClusterApi.patchCanaryTrafficPercent} */
  async patchCanaryTrafficPercent(
    ref: NamespacedName,
    percent: number,
    resourceVersion: string,
  ): Promise<InferenceServiceObject> {
    const checked = checkRef(ref);
    const body = {
      metadata: { resourceVersion: checkResourceVersion(resourceVersion) },
      spec: {
        predictor: { canaryTrafficPercent: checkCanaryPercent(percent) },
      },
    };
    const context = this.context('PATCH', objectPath(checked));
    try {
      const answer = await runCall(context, () =>
        this.customObjects.patchNamespacedCustomObject(
          { group: GROUP, version: VERSION, plural: PLURAL, ...checked, body },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
      );
      return readInferenceService(answer, context, checked);
    } catch (error) {
      if (error instanceof ConflictError) {
        throw conflictError(
          this.cluster.name,
          error,
          `InferenceService ${checked.namespace}/${checked.name} changed meanwhile (it is no longer ` +
            `at resourceVersion ${resourceVersion}); reload it and try again`,
        );
      }
      throw error;
    } finally {
      await this.readCache.invalidate(this.cacheScope);
    }
  }

  /** {@inheritDoc KserveClusterApi.watchInferenceServices} */
  async watchInferenceServices(
    options: {
      namespace?: string;
      labelSelector?: string;
      resourceVersion: string;
      timeoutSeconds?: number;
    },
    onEvent: (event: InferenceServiceWatchEvent) => void,
  ): Promise<InferenceServiceWatch> {
    const namespace =
      options.namespace === undefined
        ? undefined
        : checkNamespace(options.namespace);
    return startWatch({
      kubeConfig: this.kubeConfig,
      cluster: this.cluster.name,
      path: collectionPath(namespace),
      labelSelector: checkLabelSelector(options.labelSelector),
      resourceVersion: checkResourceVersion(options.resourceVersion),
      timeoutSeconds: checkPositiveInteger(
        options.timeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_SECONDS,
        'timeoutSeconds',
        3600,
      ),
      connectTimeoutMs: this.cluster.timeoutMs,
      onEvent,
    });
  }

  /** {@inheritDoc KserveClusterApi.applyInferenceService} */
  async applyInferenceService(
    manifest: InferenceServiceObject,
    options: { fieldManager: string; dryRun?: boolean; force?: boolean },
  ): Promise<InferenceServiceApplyResult> {
    const checked = checkManifest(manifest);
    const ref = checkRef(checked.metadata);
    const fieldManager = checkFieldManager(options.fieldManager);
    const context = this.context('PATCH', objectPath(ref));
    try {
      const answer = await runCall(context, () =>
        this.customObjects.patchNamespacedCustomObjectWithHttpInfo(
          {
            group: GROUP,
            version: VERSION,
            plural: PLURAL,
            ...ref,
            // JSON is YAML: the apply content type takes it as it is.
            body: checked,
            fieldManager,
            ...(options.force && { force: true }),
            ...(options.dryRun && { dryRun: 'All' }),
          },
          setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
        ),
      );
      const object = readInferenceService(answer.data, context, ref);
      return {
        object,
        // Apply answers 201 when it created the object, on a dry run too.
        created: answer.httpStatusCode === 201,
        prunedFields: prunedFields(checked, object),
      };
    } catch (error) {
      if (error instanceof ConflictError) {
        throw conflictError(
          this.cluster.name,
          error,
          `InferenceService ${ref.namespace}/${ref.name} has fields another field manager owns ` +
            `(${
              getUpstreamErrorDetails(error)?.upstreamMessage ?? 'conflict'
            }); apply with force ` +
            `to take them over`,
        );
      }
      throw error;
    } finally {
      if (!options.dryRun) {
        await this.readCache.invalidate(this.cacheScope);
      }
    }
  }

  private async readInferenceService(
    ref: NamespacedName,
  ): Promise<InferenceServiceObject> {
    const context = this.context('GET', objectPath(ref));
    const body = await runCall(context, () =>
      this.customObjects.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        ...ref,
      }),
    );
    return readInferenceService(body, context, ref);
  }

  private context(method: string, path: string): AnswerContext {
    return { cluster: this.cluster.name, method, path };
  }
}
