import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ServingEvent } from '@mlops-portal/plugin-kserve-common';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import type {
  InferenceServiceApplyResult,
  InferenceServiceObject,
  InferenceServicePage,
  InferenceServiceWatch,
  InferenceServiceWatchEvent,
  KserveClusterApi,
  KserveClusterConfig,
} from '@mlops-portal/plugin-kserve-node';

/**
 * A cluster config for tests: `name`, an unreachable URL, bearer auth, every namespace.
 *
 * @public
 */
export function fakeClusterConfig(
  name: string,
  overrides: Partial<KserveClusterConfig> = {},
): KserveClusterConfig {
  return {
    name,
    baseUrl: `https://${name}.k8s.invalid`,
    uiUrl: `https://${name}.k8s.invalid`,
    auth: { type: 'bearer', token: `${name}-token` },
    timeoutMs: 10_000,
    retries: 0,
    cacheTtlMs: 0,
    skipTLSVerify: false,
    namespaces: [],
    pageSize: 500,
    ...overrides,
  };
}

/**
 * A method of {@link FakeKserveCluster}, for `failNext` and `calls`.
 *
 * @public
 */
export type FakeKserveMethod =
  | 'listInferenceServices'
  | 'getInferenceService'
  | 'listEvents'
  | 'patchCanaryTrafficPercent'
  | 'watchInferenceServices'
  | 'applyInferenceService';

const keyOf = (ref: NamespacedName) => `${ref.namespace}/${ref.name}`;
const clone = <T>(value: T): T => structuredClone(value);

/**
 * An in-memory cluster that implements `KserveClusterApi` as the API server does:
 * resourceVersions, 409 on a stale one, paging in key order, watches that see every change.
 * Tests seed it with `put`, change it with `put`/`remove` (watchers are told), and make calls
 * fail with `failNext` or `down`.
 *
 * @public
 */
export class FakeKserveCluster implements KserveClusterApi {
  readonly cluster: KserveClusterConfig;
  /** Every call made, in order: the method and its first argument. */
  readonly calls: Array<{ method: FakeKserveMethod; arg: unknown }> = [];
  /** When true every call fails as an unreachable cluster does. */
  down = false;
  private readonly objects = new Map<string, InferenceServiceObject>();
  private readonly events = new Map<string, ServingEvent[]>();
  private readonly failures = new Map<FakeKserveMethod, Error>();
  private readonly watchers = new Set<{
    namespace?: string;
    onEvent: (event: InferenceServiceWatchEvent) => void;
    end: (error?: Error) => void;
  }>();
  private revision = 100;

  constructor(cluster: KserveClusterConfig | string) {
    this.cluster =
      typeof cluster === 'string' ? fakeClusterConfig(cluster) : cluster;
  }

  /** Stores an object (a new resourceVersion) and tells watchers; returns what was stored. */
  put(object: InferenceServiceObject): InferenceServiceObject {
    const key = keyOf(object.metadata);
    const existed = this.objects.has(key);
    this.revision += 1;
    const stored = clone(object);
    stored.metadata.resourceVersion = String(this.revision);
    stored.metadata.uid ??= `uid-${key}`;
    this.objects.set(key, stored);
    this.notify(existed ? 'MODIFIED' : 'ADDED', stored);
    return clone(stored);
  }

  /** Deletes an object and tells watchers. */
  remove(ref: NamespacedName): void {
    const object = this.objects.get(keyOf(ref));
    if (!object) return;
    this.objects.delete(keyOf(ref));
    this.revision += 1;
    this.notify('DELETED', object);
  }

  /** The stored object (a copy), or undefined. */
  peek(ref: NamespacedName): InferenceServiceObject | undefined {
    const object = this.objects.get(keyOf(ref));
    return object && clone(object);
  }

  /** Sets the events `listEvents` returns for an object. */
  setEvents(ref: NamespacedName, events: ServingEvent[]): void {
    this.events.set(keyOf(ref), events);
  }

  /** The next call of `method` throws `error`. */
  failNext(method: FakeKserveMethod, error: Error): void {
    this.failures.set(method, error);
  }

  /** Ends every watch, as the API server does after its timeout, or with an error. */
  endWatches(error?: Error): void {
    for (const watcher of [...this.watchers]) watcher.end(error);
  }

  /** How many watches are open. */
  get openWatches(): number {
    return this.watchers.size;
  }

  private enter(method: FakeKserveMethod, arg: unknown): void {
    this.calls.push({ method, arg });
    if (this.down) {
      throw new ServiceUnavailableError(
        `kserve instance '${this.cluster.name}': connect ECONNREFUSED`,
      );
    }
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw failure;
    }
  }

  private notify(
    type: InferenceServiceWatchEvent['type'],
    object: InferenceServiceObject,
  ): void {
    for (const watcher of this.watchers) {
      if (!watcher.namespace || watcher.namespace === object.metadata.namespace)
        watcher.onEvent({ type, object: clone(object) });
    }
  }

  private sorted(namespace?: string): InferenceServiceObject[] {
    return [...this.objects.entries()]
      .filter(([key]) => !namespace || key.startsWith(`${namespace}/`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, object]) => clone(object));
  }

  async listInferenceServices(options: {
    namespace?: string;
    labelSelector?: string;
    limit?: number;
    continueToken?: string;
  }): Promise<InferenceServicePage> {
    this.enter('listInferenceServices', options);
    const [key, value] = (options.labelSelector ?? '').split('=');
    const all = this.sorted(options.namespace).filter(
      o =>
        !key ||
        (value === undefined
          ? o.metadata.labels?.[key] !== undefined
          : o.metadata.labels?.[key] === value),
    );
    const start = options.continueToken ? Number(options.continueToken) : 0;
    const limit = options.limit ?? all.length;
    const items = all.slice(start, start + limit);
    const next = start + limit;
    return {
      items,
      continueToken: next < all.length ? String(next) : undefined,
      resourceVersion: String(this.revision),
    };
  }

  async getInferenceService(
    ref: NamespacedName,
  ): Promise<InferenceServiceObject> {
    this.enter('getInferenceService', ref);
    const object = this.objects.get(keyOf(ref));
    if (!object) {
      throw new NotFoundError(
        `inferenceservices.serving.kserve.io "${ref.name}" not found`,
      );
    }
    return clone(object);
  }

  async listEvents(ref: NamespacedName): Promise<ServingEvent[]> {
    this.enter('listEvents', ref);
    return clone(this.events.get(keyOf(ref)) ?? []);
  }

  async patchCanaryTrafficPercent(
    ref: NamespacedName,
    percent: number,
    resourceVersion: string,
  ): Promise<InferenceServiceObject> {
    this.enter('patchCanaryTrafficPercent', {
      ...ref,
      percent,
      resourceVersion,
    });
    const object = this.objects.get(keyOf(ref));
    if (!object) {
      throw new NotFoundError(
        `inferenceservices.serving.kserve.io "${ref.name}" not found`,
      );
    }
    if (object.metadata.resourceVersion !== resourceVersion) {
      throw new ConflictError(
        `Operation cannot be fulfilled on inferenceservices.serving.kserve.io "${ref.name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const next = clone(object);
    const spec = (next.spec ?? {}) as { predictor?: Record<string, unknown> };
    spec.predictor = { ...spec.predictor, canaryTrafficPercent: percent };
    next.spec = spec;
    next.metadata.generation = (next.metadata.generation ?? 1) + 1;
    return this.put(next);
  }

  async watchInferenceServices(
    options: {
      namespace?: string;
      labelSelector?: string;
      resourceVersion: string;
    },
    onEvent: (event: InferenceServiceWatchEvent) => void,
  ): Promise<InferenceServiceWatch> {
    this.enter('watchInferenceServices', options);
    let resolveDone!: () => void;
    let rejectDone!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    const watcher = {
      namespace: options.namespace,
      onEvent,
      end: (error?: Error) => {
        this.watchers.delete(watcher);
        if (error) rejectDone(error);
        else resolveDone();
      },
    };
    this.watchers.add(watcher);
    return { stop: () => watcher.end(), done };
  }

  async applyInferenceService(
    manifest: InferenceServiceObject,
    options: { fieldManager: string; dryRun?: boolean; force?: boolean },
  ): Promise<InferenceServiceApplyResult> {
    this.enter('applyInferenceService', { manifest, ...options });
    if (!options.fieldManager) {
      throw new InputError('fieldManager: Required value');
    }
    const existing = this.objects.get(keyOf(manifest.metadata));
    const merged: InferenceServiceObject = {
      ...(existing ?? {}),
      ...clone(manifest),
      metadata: { ...existing?.metadata, ...clone(manifest.metadata) },
    };
    if (options.dryRun) {
      return { object: merged, created: !existing, prunedFields: [] };
    }
    return { object: this.put(merged), created: !existing, prunedFields: [] };
  }
}
