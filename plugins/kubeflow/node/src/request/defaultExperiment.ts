import { NotFoundError } from '@backstage/errors';
import type {
  KubeflowExperiment,
  KubeflowInstanceConfig,
  KubeflowPage,
  KubeflowPredicate,
} from '../KubeflowApi';

/** KFP generates experiment ids as UUIDs; anything else in `defaultExperiment` is a name. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the instance's `defaultExperiment`, which config may give as an id or as a name
 * (looked up in the instance's namespace with `listExperiments`); undefined, KFP's own default
 * experiment, when none is configured.
 *
 * @internal
 */
export async function defaultExperimentId(
  instance: Pick<
    KubeflowInstanceConfig,
    'name' | 'defaultExperiment' | 'multiUser'
  >,
  listExperiments: (
    filter: KubeflowPredicate[],
  ) => Promise<KubeflowPage<KubeflowExperiment>>,
): Promise<string | undefined> {
  const configured = instance.defaultExperiment;
  if (configured === undefined || UUID.test(configured)) {
    return configured;
  }
  const { items } = await listExperiments([
    { key: 'display_name', operation: 'EQUALS', value: configured },
  ]);
  if (items.length === 0) {
    const namespace = instance.multiUser?.namespace;
    throw new NotFoundError(
      `kubeflow instance '${instance.name}' has no experiment '${configured}' ` +
        `(its defaultExperiment${
          namespace ? ` in namespace '${namespace}'` : ''
        }); create it, or name the experiment of the run`,
    );
  }
  return items[0].experimentId;
}
