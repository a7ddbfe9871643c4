/**
 * The newest version of a pipeline, as its `kubeflow-pipeline` Resource records it.
 *
 * @public
 */
export type KubeflowLatestVersionData = {
  /** `pipeline_version_id`. */
  id: string;
  /** The version's display name, e.g. `v3`. */
  name: string;
  /** When it was created, ISO 8601, when KFP says. */
  createdAt?: string;
};

/**
 * The `spec.kubeflow` object of a `kubeflow-pipeline` Resource ingested from a Kubeflow pipeline.
 *
 * @public
 */
export type KubeflowPipelineEntityData = {
  /** The configured Kubeflow Pipelines instance the pipeline is on. */
  instance: string;
  /** The pipeline id (also in the `kubeflow.org/pipeline-id` annotation). */
  pipelineId: string;
  /** The profile namespace on multi-user Kubeflow; absent for a shared pipeline. */
  namespace?: string;
  /** How many versions the pipeline has; absent when KFP does not say. */
  versionCount?: number;
  /** The newest version (by creation time); absent when the pipeline has none. */
  latestVersion?: KubeflowLatestVersionData;
};

/**
 * The `spec` of a `kubeflow-pipeline` Resource ingested from a Kubeflow pipeline.
 *
 * @public
 */
export type KubeflowPipelineEntitySpec = {
  /** Always `kubeflow-pipeline`. */
  type: string;
  /** Full entity ref of the owning group or user. */
  owner: string;
  /** What Kubeflow knows about the pipeline. */
  kubeflow: KubeflowPipelineEntityData;
};
