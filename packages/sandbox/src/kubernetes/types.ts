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
