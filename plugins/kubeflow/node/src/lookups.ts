import { NotFoundError } from '@backstage/errors';
import { isKubeflowId } from '@mlops-portal/plugin-kubeflow-common';
import type {
  KubeflowApi,
  KubeflowExperiment,
  KubeflowPipeline,
} from './KubeflowApi';

/**
 * The pipeline an annotation or an input names: by id when the value is a KFP id (a UUID), else
 * by its name; `NotFoundError` when there is none.
 *
 * @public
 */
export function getPipelineByNameOrId(
  client: KubeflowApi,
  value: string,
): Promise<KubeflowPipeline> {
  return isKubeflowId(value)
    ? client.getPipeline(value)
    : client.getPipelineByName(value);
}

/**
 * The experiment an annotation or an input names: by id when the value is a KFP id, else by its
 * name (KFP has no get-by-name for experiments; names are unique within a namespace, and the
 * client lists in the instance's); `NotFoundError` when there is none.
 *
 * @public
 */
export async function getExperimentByNameOrId(
  client: KubeflowApi,
  value: string,
): Promise<KubeflowExperiment> {
  if (isKubeflowId(value)) {
    return client.getExperiment(value);
  }
  const page = await client.listExperiments({
    filter: [{ key: 'display_name', operation: 'EQUALS', value }],
    pageSize: 1,
  });
  const [experiment] = page.items;
  if (!experiment) {
    throw new NotFoundError(
      `Kubeflow experiment '${value}' not found on instance '${client.instance.name}'`,
    );
  }
  return experiment;
}
