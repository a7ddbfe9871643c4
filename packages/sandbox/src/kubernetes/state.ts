import { stableHex, stableUuid } from '../ids';
import type { KserveSeed } from '../story/kserve';
import { LogicalClock, isoZ } from '../time';
import { EventStore } from './events';
import { InferenceService, IsvcChange, NamespaceRecord } from './types';

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

/** How many changes the state keeps for watches by default (the API server's watch cache window). */
export const DEFAULT_WATCH_HISTORY = 1000;

/** A watch's view of the history: the changes after a resourceVersion, or how old it may be. */
export type ChangesSince =
  | { expired: false; changes: IsvcChange[] }
  | { expired: true; oldest: number };

/**
 * etcd for the sandbox cluster: InferenceServices by `namespace/name` in key order (the
 * order Kubernetes lists in), one global resourceVersion counter, a bounded history of
 * changes for watches, and the namespaces' Events.
 */
export class KubernetesState {
  private readonly objects = new Map<string, InferenceService>();
  private keys: string[] = [];
  readonly namespaces: NamespaceRecord[];
  /** Core v1 Events (they share the resourceVersion counter, as in etcd). */
  readonly events: EventStore;
  private revision: number;
  private generated = 0;
  private readonly history: IsvcChange[] = [];
  /** Every change after this resourceVersion is still in the history. */
  private historyFrom: number;
  private readonly historySize: number;
  private readonly listeners = new Set<(change: IsvcChange) => void>();

  constructor(
    seed: KserveSeed,
    /** The sandbox's logical clock (timestamps of writes). */
    readonly clock: LogicalClock,
    options: { historySize?: number } = {},
  ) {
    this.namespaces = [...seed.namespaces].sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
    let max = 0;
    for (const isvc of seed.inferenceServices) {
      this.objects.set(
        keyOf(isvc.metadata.namespace, isvc.metadata.name),
        isvc,
      );
      max = Math.max(max, Number(isvc.metadata.resourceVersion));
    }
    for (const event of seed.events) {
      max = Math.max(max, Number(event.metadata.resourceVersion));
    }
    this.keys = [...this.objects.keys()].sort();
    this.revision = max;
    this.historyFrom = max;
    this.historySize = Math.max(
      1,
      options.historySize ?? DEFAULT_WATCH_HISTORY,
    );
    this.events = new EventStore(seed.events, clock, () => this.nextRevision());
  }

  /** The current (latest) resourceVersion of the store. */
  get resourceVersion(): string {
    return String(this.revision);
  }

  /** Next resourceVersion (monotonically increasing). */
  private nextRevision(): string {
    this.revision += 1;
    return String(this.revision);
  }

  /** True when the namespace exists. */
  hasNamespace(name: string): boolean {
    return this.namespaces.some(ns => ns.name === name);
  }

  /** Objects in key order, optionally in one namespace, starting after a key. */
  list(
    namespace: string | undefined,
  ): Array<{ key: string; object: InferenceService }> {
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    const out: Array<{ key: string; object: InferenceService }> = [];
    for (const key of this.keys) {
      if (prefix && !key.startsWith(prefix)) continue;
      out.push({ key, object: this.objects.get(key)! });
    }
    return out;
  }

  /** One object (undefined when absent). */
  get(namespace: string, name: string): InferenceService | undefined {
    return this.objects.get(keyOf(namespace, name));
  }

  /** A name for `metadata.generateName` (deterministic). */
  generateName(prefix: string): string {
    this.generated += 1;
    return `${prefix}${stableHex(
      `generate-name:${prefix}:${this.generated}`,
      5,
    )}`;
  }

  /** Calls the listener with every change stored from now on; returns the unsubscribe. */
  subscribe(listener: (change: IsvcChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** How many watches are subscribed (tests check that closed streams let go). */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** The changes after `resourceVersion`, unless the history no longer reaches back that far. */
  changesSince(resourceVersion: number): ChangesSince {
    if (resourceVersion < this.historyFrom) {
      return { expired: true, oldest: this.historyFrom };
    }
    return {
      expired: false,
      changes: this.history.filter(c => c.resourceVersion > resourceVersion),
    };
  }

  private commit(change: IsvcChange): void {
    this.history.push(change);
    while (this.history.length > this.historySize) {
      this.historyFrom = this.history.shift()!.resourceVersion;
    }
    for (const listener of [...this.listeners]) listener(change);
  }

  /** Stores a new object, filling server-managed metadata. */
  create(object: InferenceService, dryRun: boolean): InferenceService {
    const { namespace, name } = object.metadata;
    const uid = stableUuid(
      `k8s-isvc-created:${namespace}/${name}:${this.revision}`,
    );
    const resourceVersion = dryRun ? this.resourceVersion : this.nextRevision();
    const creationTimestamp = isoZ(
      dryRun ? this.clock.now() : this.clock.tick(),
    );
    const created: InferenceService = {
      ...object,
      metadata: {
        ...object.metadata,
        uid,
        resourceVersion,
        generation: 1,
        creationTimestamp,
      },
    };
    // An apply that creates records its manager at the creation time.
    if (object.metadata.managedFields) {
      created.metadata.managedFields = object.metadata.managedFields.map(
        entry => ({ ...entry, time: creationTimestamp }),
      );
    }
    delete created.status;
    if (!dryRun) {
      const key = keyOf(namespace, name);
      this.objects.set(key, created);
      this.keys.push(key);
      this.keys.sort();
      this.commit({
        type: 'ADDED',
        resourceVersion: Number(created.metadata.resourceVersion),
        object: created,
      });
    }
    return created;
  }

  /** Replaces an object after a patch; bumps resourceVersion (and generation on spec change). */
  update(
    previous: InferenceService,
    next: InferenceService,
    specChanged: boolean,
    dryRun: boolean,
  ): InferenceService {
    if (JSON.stringify(previous) === JSON.stringify(next)) {
      return previous;
    }
    const updated: InferenceService = {
      ...next,
      metadata: {
        ...next.metadata,
        generation: previous.metadata.generation + (specChanged ? 1 : 0),
        resourceVersion: dryRun
          ? previous.metadata.resourceVersion
          : this.nextRevision(),
      },
    };
    if (!dryRun) {
      this.objects.set(
        keyOf(previous.metadata.namespace, previous.metadata.name),
        updated,
      );
      this.commit({
        type: 'MODIFIED',
        resourceVersion: Number(updated.metadata.resourceVersion),
        object: updated,
        previous,
      });
    }
    return updated;
  }

  /** Removes an object; watches get its last state at the deletion's resourceVersion. */
  remove(object: InferenceService, dryRun: boolean): InferenceService {
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    if (dryRun) return object;
    const deleted: InferenceService = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: this.nextRevision() },
    };
    this.objects.delete(key);
    this.keys = this.keys.filter(k => k !== key);
    this.commit({
      type: 'DELETED',
      resourceVersion: Number(deleted.metadata.resourceVersion),
      object: deleted,
    });
    return deleted;
  }
}
