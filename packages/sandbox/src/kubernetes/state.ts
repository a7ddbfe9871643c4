import { stableHex, stableUuid } from '../ids';
import { KserveSeed } from '../story/kserve';
import { LogicalClock, isoZ } from '../time';
import { InferenceService, NamespaceRecord } from './types';

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * etcd for the sandbox cluster: InferenceServices by `namespace/name` in key order (the
 * order Kubernetes lists in), one global resourceVersion counter.
 */
export class KubernetesState {
  private readonly objects = new Map<string, InferenceService>();
  private keys: string[] = [];
  readonly namespaces: NamespaceRecord[];
  private revision: number;
  private generated = 0;

  constructor(seed: KserveSeed, private readonly clock: LogicalClock) {
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
    this.keys = [...this.objects.keys()].sort();
    this.revision = max;
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

  /** Stores a new object, filling server-managed metadata. */
  create(object: InferenceService, dryRun: boolean): InferenceService {
    const { namespace, name } = object.metadata;
    const created: InferenceService = {
      ...object,
      metadata: {
        ...object.metadata,
        uid: stableUuid(
          `k8s-isvc-created:${namespace}/${name}:${this.revision}`,
        ),
        resourceVersion: dryRun ? this.resourceVersion : this.nextRevision(),
        generation: 1,
        creationTimestamp: isoZ(dryRun ? this.clock.now() : this.clock.tick()),
      },
    };
    delete created.status;
    if (!dryRun) {
      const key = keyOf(namespace, name);
      this.objects.set(key, created);
      this.keys.push(key);
      this.keys.sort();
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
    }
    return updated;
  }
}
