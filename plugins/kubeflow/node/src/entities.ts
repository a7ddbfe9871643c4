import {
  ANNOTATION_KUBEFLOW_INSTANCE,
  ANNOTATION_KUBEFLOW_PIPELINE_ID,
  KUBEFLOW_SYSTEM,
} from '@mlops-portal/plugin-kubeflow-common';
import { toEntityName } from '@mlops-portal/plugin-mlops-common';
import {
  IngestedEntityLocator,
  providerLocationRef,
} from '@mlops-portal/plugin-mlops-node';
import type { KubeflowInstanceConfig, KubeflowPipeline } from './KubeflowApi';

/**
 * The name of the `kubeflow-pipeline` Resource the Kubeflow provider ingests for a pipeline: its
 * display name made a valid entity name, prefixed with the instance name on every instance but the
 * default (first) one, so two instances' `training` pipelines never collide.
 *
 * @public
 */
export function kubeflowPipelineEntityName(
  instances: readonly Pick<KubeflowInstanceConfig, 'name'>[],
  instance: string,
  pipeline: Pick<KubeflowPipeline, 'displayName'>,
): string {
  const prefix = instances[0]?.name === instance ? undefined : instance;
  return toEntityName(pipeline.displayName, { prefix });
}

/**
 * Where the `kubeflow-pipeline` Resource of a pipeline is and how to recognise it: what write
 * authority is checked against (the Kubeflow provider writes exactly this). The pipeline id
 * annotation ties the entity to the pipeline itself, not to whatever pipeline has its name today.
 *
 * @public
 */
export function kubeflowPipelineLocator(
  instances: readonly Pick<KubeflowInstanceConfig, 'name'>[],
  instance: string,
  pipeline: Pick<KubeflowPipeline, 'displayName' | 'pipelineId'>,
): IngestedEntityLocator {
  return {
    entityRef: `resource:default/${kubeflowPipelineEntityName(
      instances,
      instance,
      pipeline,
    )}`,
    managedByLocation: providerLocationRef(KUBEFLOW_SYSTEM, instance),
    annotations: {
      [ANNOTATION_KUBEFLOW_PIPELINE_ID]: pipeline.pipelineId,
      [ANNOTATION_KUBEFLOW_INSTANCE]: instance,
    },
    provider: 'the Kubeflow catalog provider',
    description: `Kubeflow pipeline '${pipeline.displayName}' on instance '${instance}'`,
  };
}
