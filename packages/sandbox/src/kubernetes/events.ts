import type { Request } from 'express';
import { stableUuid } from '../ids';
import { LogicalClock, isoZ } from '../time';
import { matchesSelector } from './labelSelector';
import { FieldGetters, fieldSelector, labelSelector, paginate } from './list';
import { CoreEvent, InferenceService } from './types';

/** The component KServe's controller records events as (`GetEventRecorderFor("v1beta1Controllers")`). */
export const KSERVE_EVENT_SOURCE = 'v1beta1Controllers';

/** What an event says about an InferenceService. */
export interface EventInput {
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  /** Defaults to {@link KSERVE_EVENT_SOURCE}. */
  component?: string;
}

/** A seeded event: when it first and last happened, and how often. */
export interface SeedEventInput extends EventInput {
  firstTimestamp: number;
  lastTimestamp?: number;
  count?: number;
}

/** client-go's event name: `<object>.<first timestamp in nanoseconds, hex>`. */
export function eventName(
  objectName: string,
  ms: number,
  offsetNs = 0,
): string {
  const ns = BigInt(ms) * BigInt(1_000_000) + BigInt(offsetNs);
  return `${objectName}.${ns.toString(16)}`;
}

/** A v1 Event about an InferenceService, as client-go's recorder writes it. */
export function buildEvent(
  isvc: InferenceService,
  input: SeedEventInput,
  resourceVersion: string,
  offsetNs = 0,
): CoreEvent {
  const { name, namespace } = isvc.metadata;
  const eventName_ = eventName(name, input.firstTimestamp, offsetNs);
  const component = input.component ?? KSERVE_EVENT_SOURCE;
  return {
    metadata: {
      name: eventName_,
      namespace,
      uid: stableUuid(`k8s-event:${namespace}/${eventName_}`),
      resourceVersion,
      creationTimestamp: isoZ(input.firstTimestamp),
    },
    involvedObject: {
      kind: 'InferenceService',
      namespace,
      name,
      uid: isvc.metadata.uid,
      apiVersion: isvc.apiVersion,
      resourceVersion: isvc.metadata.resourceVersion,
    },
    reason: input.reason,
    message: input.message,
    source: { component },
    firstTimestamp: isoZ(input.firstTimestamp),
    lastTimestamp: isoZ(input.lastTimestamp ?? input.firstTimestamp),
    count: input.count ?? 1,
    type: input.type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: '',
  };
}

const EVENT_FIELDS: FieldGetters<CoreEvent> = {
  'metadata.name': e => e.metadata.name,
  'metadata.namespace': e => e.metadata.namespace,
  'involvedObject.kind': e => e.involvedObject.kind,
  'involvedObject.namespace': e => e.involvedObject.namespace,
  'involvedObject.name': e => e.involvedObject.name,
  'involvedObject.uid': e => e.involvedObject.uid,
  'involvedObject.apiVersion': e => e.involvedObject.apiVersion,
  'involvedObject.resourceVersion': e => e.involvedObject.resourceVersion,
  'involvedObject.fieldPath': () => '',
  reason: e => e.reason,
  reportingComponent: e => e.reportingComponent,
  source: e => e.source.component,
  type: e => e.type,
};

const keyOf = (e: CoreEvent) => `${e.metadata.namespace}/${e.metadata.name}`;

/** The cluster's core v1 Events (namespaced, listed in key order like everything in etcd). */
export class EventStore {
  private readonly events = new Map<string, CoreEvent>();

  constructor(
    seed: CoreEvent[],
    private readonly clock: LogicalClock,
    private readonly nextRevision: () => string,
  ) {
    for (const event of seed) this.events.set(keyOf(event), event);
  }

  /** Events in key order, optionally of one namespace. */
  list(namespace?: string): Array<{ key: string; object: CoreEvent }> {
    return [...this.events.entries()]
      .filter(([, e]) => !namespace || e.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, object]) => ({ key, object }));
  }

  /**
   * Records an event about an object now. A repeat of the same reason and message counts up
   * the existing event (client-go's EventCorrelator) instead of adding one.
   */
  record(isvc: InferenceService, input: EventInput): CoreEvent {
    const now = this.clock.now();
    const component = input.component ?? KSERVE_EVENT_SOURCE;
    const same = [...this.events.values()].find(
      e =>
        e.involvedObject.uid === isvc.metadata.uid &&
        e.reason === input.reason &&
        e.message === input.message &&
        e.type === input.type &&
        e.source.component === component,
    );
    if (same) {
      const updated: CoreEvent = {
        ...same,
        metadata: { ...same.metadata, resourceVersion: this.nextRevision() },
        involvedObject: {
          ...same.involvedObject,
          resourceVersion: isvc.metadata.resourceVersion,
        },
        count: same.count + 1,
        lastTimestamp: isoZ(now),
      };
      this.events.set(keyOf(updated), updated);
      return updated;
    }
    let offset = 0;
    while (
      this.events.has(
        `${isvc.metadata.namespace}/${eventName(
          isvc.metadata.name,
          now,
          offset,
        )}`,
      )
    ) {
      offset += 1;
    }
    const event = buildEvent(
      isvc,
      { ...input, firstTimestamp: now },
      this.nextRevision(),
      offset,
    );
    this.events.set(keyOf(event), event);
    return event;
  }
}

/** `GET /api/v1[/namespaces/{ns}]/events`: an EventList with field/label selectors and paging. */
export function listEvents(
  req: Request,
  store: EventStore,
  resourceVersion: string,
  namespace: string | undefined,
) {
  const fields = fieldSelector(req, EVENT_FIELDS);
  const labels = labelSelector(req);
  const { items, metadata } = paginate(
    req,
    store.list(namespace),
    // Events carry no labels, so only selectors that accept "no labels" match.
    e => fields(e) && matchesSelector(labels, undefined),
    resourceVersion,
  );
  return { json: { kind: 'EventList', apiVersion: 'v1', metadata, items } };
}
