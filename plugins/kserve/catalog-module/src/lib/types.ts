/**
 * The `spec.kserve` object of a `model-server` Component ingested from an InferenceService:
 * what it is and how it serves, none of which changes with its status.
 *
 * @public
 */
export type KserveModelServerEntityData = {
  /** The cluster (a `kubernetes.clusterLocatorMethods` cluster name). */
  cluster: string;
  /** The Kubernetes namespace. */
  namespace: string;
  /** The InferenceService's name. */
  name: string;
  /** `Serverless`, `RawDeployment`, `Standard` or `ModelMesh`. */
  deploymentMode: string;
  /** The predictor's `protocolVersion` (`v1` when the spec leaves it out, as KServe does). */
  protocolVersion: string;
  /** The model format, e.g. `sklearn`, when the predictor names one. */
  modelFormat?: string;
  /** The ServingRuntime, when the spec or status names one. */
  runtime?: string;
  /** Where the model is loaded from (credentials in the URI left out). */
  storageUri?: string;
};

/**
 * The `spec` of a `model-server` Component ingested from an InferenceService.
 *
 * @public
 */
export type KserveModelServerEntitySpec = {
  /** Always `model-server`. */
  type: string;
  /** The label `app.kubernetes.io/lifecycle`, else `production`. */
  lifecycle: string;
  /** Full entity ref of the owning group or user. */
  owner: string;
  /** The API entity of its data plane. */
  providesApis: string[];
  /** The `ml-model` Resources of the registered model it serves, when it names one. */
  dependsOn?: string[];
  /** What KServe says about it. */
  kserve: KserveModelServerEntityData;
};
