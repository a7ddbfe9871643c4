/** Any JSON value (Kubernetes objects are handled as plain JSON). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The metadata fields the sandbox reads and writes. */
export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  generation: number;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  /** Set when a DELETE waits for finalizers. */
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  /** Server-side apply's field ownership (only appliers are recorded). */
  managedFields?: ManagedFieldsEntry[];
}

/** One `metadata.managedFields` entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
}

/** A KServe InferenceService (serving.kserve.io/v1beta1). */
export interface InferenceService {
  apiVersion: 'serving.kserve.io/v1beta1';
  kind: 'InferenceService';
  metadata: ObjectMeta;
  spec: JsonObject;
  status?: JsonObject;
}

/** A namespace as /api/v1/namespaces lists it. */
export interface NamespaceRecord {
  name: string;
  uid: string;
  creationTimestamp: string;
  labels: Record<string, string>;
}

/** One stored change of an InferenceService, as watches report it. */
export interface IsvcChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The resourceVersion the change was stored at. */
  resourceVersion: number;
  /** The object after the change (for DELETED: its last state, at the deletion's resourceVersion). */
  object: InferenceService;
  /** The object before a MODIFIED change (a selector may stop or start matching). */
  previous?: InferenceService;
}

/** A core v1 Event as `/api/v1/.../events` lists it (list items carry no kind/apiVersion). */
export interface CoreEvent {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
  };
  involvedObject: {
    kind: string;
    namespace: string;
    name: string;
    uid: string;
    apiVersion: string;
    resourceVersion: string;
  };
  reason: string;
  message: string;
  source: { component: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: 'Normal' | 'Warning';
  eventTime: null;
  reportingComponent: string;
  reportingInstance: string;
}
