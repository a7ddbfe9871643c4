import type { RootConfigService } from '@backstage/backend-plugin-api';

/**
 * The names of the configured Kubeflow Pipelines instances (`kubeflow.instances[].name`), the
 * default first. Only the names: the Kubeflow plugins read and check the rest of each instance,
 * and the scaffolder module `kubeflow` uploads the pipeline.
 *
 * @internal
 */
export function readKubeflowInstanceNames(config: RootConfigService): string[] {
  return (config.getOptionalConfigArray('kubeflow.instances') ?? []).flatMap(
    instance => {
      const name = instance.getOptionalString('name')?.trim();
      return name ? [name] : [];
    },
  );
}
